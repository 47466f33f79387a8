package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.kcmfa.it.TotpLoginLoad.Flow;
import dev.kcmfa.it.TotpLoginLoad.Result;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.oauth.OAuthClient;
import org.keycloak.testframework.oauth.annotations.InjectOAuthClient;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.server.KeycloakServerConfigBuilder;
import org.keycloak.testframework.util.ApiUtil;

/**
 * Full browser-flow logins (password, then a TOTP code) under load, through the bundle's flow (policy, network and
 * device conditions, method condition, the TOTP step) and through stock Keycloak's flow (username/password form, OTP
 * form) on the same server in the same run, with the same users' kind of credential (Keycloak's own OTP). Prints
 * logins/s, p95 and the server's CPU time per login for each, and the ratios; asserts only that every login finished.
 * Not part of {@code mvn verify}; docs/benchmarks.md has the command and the figures.
 */
@Tag("benchmark")
@KeycloakIntegrationTest(config = LoginLoadBenchmark.ProductionThemeCaching.class)
class LoginLoadBenchmark {

    private static final int LOGINS = Integer.getInteger("bench.logins", 200);
    private static final int THREADS = Integer.getInteger("bench.threads", 8);
    /** Series per flow (even, for the ABBA order); each flow's logins are split over them. */
    private static final int SERIES = Integer.getInteger("bench.series", 8);
    /** Logins per flow before measuring. */
    private static final int WARM_UP = Integer.getInteger("bench.warmup", 200);
    private static final Pattern STOCK_FORM = Pattern.compile("id=\"kc-otp-login-form\"[^>]*action=\"([^\"]+)\"");

    /**
     * The suite's server with Keycloak's production theme caching: the test framework starts Keycloak in development
     * mode, which parses every page's templates and reads every message bundle on each request, work that a
     * production server does once and that would weigh on whichever flow shows more pages or bundles.
     */
    public static class ProductionThemeCaching extends MfaServerConfig {

        @Override
        public KeycloakServerConfigBuilder configure(KeycloakServerConfigBuilder config) {
            return super.configure(config)
                    .option("spi-theme--cache-themes", "true")
                    .option("spi-theme--cache-templates", "true");
        }
    }

    @InjectRealm(fromJson = DemoRealm.JSON)
    ManagedRealm realm;

    @InjectOAuthClient
    OAuthClient oauth;

    @Test
    void throughputOfTheBundlesFlowAgainstStockKeycloaksOtpForm() throws Exception {
        KeycloakServerJvm server = KeycloakServerJvm.underThisJvm();
        Flow ours = Flow.bundle(oauth.loginForm().build());
        Flow stock = new Flow("stock", stockClientLoginUrl(), STOCK_FORM);

        // warm-up of both paths, not reported: the server's CPU per login keeps falling for the first hundreds of
        // logins while the JIT compiles (a profile found compilations still under way after 200 logins per flow)
        for (Flow flow : List.of(ours, stock, ours, stock)) {
            TotpLoginLoad.run(server, flow, TotpLoginLoad.users(realm, WARM_UP / 2), THREADS);
        }
        Result[] results = measureInAbbaOrder(server, ours, stock);
        report(results[0], results[1]);
        assertTrue(results[0].failures() == 0 && results[1].failures() == 0, "every login finished");
    }

    /**
     * Short series in ABBA order (ours, stock, stock, ours, ...), so that neither flow gets the warmer or the quieter
     * part of the run; every user is made beforehand, so that no admin work overlaps a series.
     */
    private Result[] measureInAbbaOrder(KeycloakServerJvm server, Flow ours, Flow stock) throws Exception {
        List<List<String>> batches = new ArrayList<>();
        for (int i = 0; i < 2 * SERIES; i++) {
            batches.add(TotpLoginLoad.users(realm, LOGINS / SERIES));
        }
        Result[] results = {Result.NONE, Result.NONE};
        System.out.printf("%nSeries in the order run (the spread between them is this machine's noise)%n");
        for (int i = 0; i < batches.size(); i++) {
            int which = TotpLoginLoad.inAbbaOrder(i);
            Flow flow = which == 0 ? ours : stock;
            Result series = TotpLoginLoad.run(server, flow, batches.get(i), THREADS);
            System.out.printf("  %-6s %s%n", flow.name(), series.summary());
            results[which] = results[which].plus(series);
        }
        return results;
    }

    private static void report(Result ours, Result stock) {
        System.out.printf("%nFull logins (password + TOTP), %d per flow in %d series each, %d concurrent, same server,"
                + " same run%n", ours.micros().size(), SERIES, THREADS);
        System.out.printf("  bundle flow   %s%n", ours.summary());
        System.out.printf("  stock OTP     %s%n", stock.summary());
        System.out.printf("  failures      bundle %d, stock %d%n", ours.failures(), stock.failures());
        System.out.printf("  bundle/stock  %6.1f %% of stock throughput, p95 ratio %.2f, server CPU per login ratio"
                + " %.2f%n%n", 100 * ours.loginsPerSecond() / stock.loginsPerSecond(),
                ours.p95Millis() / stock.p95Millis(), ours.serverCpuMillisPerLogin() / stock.serverCpuMillisPerLogin());
    }

    /** A client bound to stock Keycloak's browser flow with OTP: username/password form, then OTP form. */
    private String stockClientLoginUrl() {
        AuthenticationFlowRepresentation flow = new AuthenticationFlowRepresentation();
        flow.setAlias("stock otp browser");
        flow.setProviderId("basic-flow");
        flow.setTopLevel(true);
        flow.setBuiltIn(false);
        String flowId;
        try (Response created = realm.admin().flows().createFlow(flow)) {
            flowId = ApiUtil.getCreatedId(created);
        }
        for (String provider : List.of("auth-username-password-form", "auth-otp-form")) {
            realm.admin().flows().addExecution(flow.getAlias(), Map.of("provider", provider));
        }
        for (AuthenticationExecutionInfoRepresentation execution : realm.admin().flows().getExecutions(flow.getAlias())) {
            execution.setRequirement("REQUIRED");
            realm.admin().flows().updateExecutions(flow.getAlias(), execution);
        }
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId("stock-app");
        client.setPublicClient(true);
        client.setRedirectUris(List.of("http://localhost:3000/*"));
        client.setAuthenticationFlowBindingOverrides(Map.of("browser", flowId));
        ApiUtil.getCreatedId(realm.admin().clients().create(client));
        return realm.getBaseUrl() + "/protocol/openid-connect/auth?client_id=stock-app&response_type=code"
                + "&scope=openid&redirect_uri=" + URLEncoder.encode("http://localhost:3000/cb", StandardCharsets.UTF_8);
    }
}
