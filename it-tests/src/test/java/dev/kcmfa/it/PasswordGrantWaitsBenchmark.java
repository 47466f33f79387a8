package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.kcmfa.devicecli.PushDevice;
import dev.kcmfa.it.PushApprovalLatency.PushUser;
import dev.kcmfa.it.TotpLoginLoad.Flow;
import dev.kcmfa.it.TotpLoginLoad.Result;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.oauth.OAuthClient;
import org.keycloak.testframework.oauth.annotations.InjectOAuthClient;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.server.KeycloakServerConfigBuilder;

/**
 * Ordinary logins (password + TOTP, full browser logins over HTTP) with and without a node's full cap of push token
 * requests (password grant) held open, each waiting on its request thread for its phone, on the same server in the
 * same run, in ABBA order. The held requests are started and reach their phones before a series and are approved
 * after it, so the series carries only their holding, not their password checks. Then the server's idle CPU with
 * and without the cap held, and, with the cap held, requests beyond it: each should be refused at once with 429
 * {@code temporarily_unavailable}. Prints logins/s, p95 and server CPU per login of both conditions, the idle CPU
 * and the refusals' count and latency; asserts only that every login and every held request finished. Not part of {@code mvn verify}; docs/benchmarks.md has the command and the figures.
 */
@Tag("benchmark")
@KeycloakIntegrationTest(config = PasswordGrantWaitsBenchmark.TokenRequestsFromOneAddress.class)
class PasswordGrantWaitsBenchmark {

    /** The node's cap on waiting token requests, the server's default ({@code tokenRequests}). */
    private static final int CAP = 10;
    private static final int LOGINS = Integer.getInteger("bench.logins", 200);
    private static final int THREADS = Integer.getInteger("bench.threads", 8);
    /** Series per condition (even, for the ABBA order); each condition's logins are split over them. */
    private static final int SERIES = Integer.getInteger("bench.series", 8);
    private static final int WARM_UP = Integer.getInteger("bench.warmup", 200);
    /** Token requests sent one after another while the cap is held. */
    private static final int BEYOND_CAP = Integer.getInteger("bench.beyond", 20);
    private static final Duration IDLE = Duration.ofSeconds(3);
    private static final String CURL = "curl/8.5.0";
    private static final String LOOPBACK = "127.0.0.1";

    /**
     * The login benchmark's server (production theme caching). Every request of this benchmark comes from
     * 127.0.0.1, whose per-client cap (4) would refuse the fifth held request: here it is above the node's cap, so
     * that the node's cap is what is held and measured.
     */
    public static class TokenRequestsFromOneAddress extends LoginLoadBenchmark.ProductionThemeCaching {

        @Override
        public KeycloakServerConfigBuilder configure(KeycloakServerConfigBuilder config) {
            return super.configure(config).option("spi-mfa-waits--default--per-client", Integer.toString(10 * CAP));
        }
    }

    @InjectRealm(fromJson = DemoRealm.JSON)
    ManagedRealm realm;

    @InjectOAuthClient
    OAuthClient oauth;

    /** One token request per push user, each waiting on the server for its phone until {@link #close} approves. */
    private final class HeldTokenRequests implements AutoCloseable {

        private final List<PushUser> users;
        private final List<CompletableFuture<HttpResponse<String>>> grants = new ArrayList<>();
        private final List<PushDevice.Challenge> requests = new ArrayList<>();

        HeldTokenRequests(List<PushUser> users) throws Exception {
            this.users = users;
            for (PushUser user : users) {
                grants.add(PasswordGrant.start(realm, LOOPBACK, user.username(), CURL));
            }
            for (int i = 0; i < users.size(); i++) {
                requests.add(PasswordGrant.awaitPending(users.get(i).phone(), grants.get(i)));
            }
        }

        int stillWaiting() {
            return (int) grants.stream().filter(grant -> !grant.isDone()).count();
        }

        /** The phones approve; every request gets its tokens. */
        @Override
        public void close() throws Exception {
            for (int i = 0; i < users.size(); i++) {
                users.get(i).phone().approve(requests.get(i), PasswordGrant.PUSH_NUMBER);
            }
            for (CompletableFuture<HttpResponse<String>> grant : grants) {
                HttpResponse<String> tokens = grant.get(30, TimeUnit.SECONDS);
                assertEquals(200, tokens.statusCode(), tokens.body());
            }
        }
    }

    @Test
    void ordinaryLoginsBesideTokenRequestsHeldAtTheCapAndRefusalsBeyondIt() throws Exception {
        Map<String, String> pushSettings = new HashMap<>(PushLatencyBenchmark.NO_PUSH_CAP);
        pushSettings.put("directGrantWaitSeconds", "60"); // the most: a request is held over a whole series
        DemoRealm.configurePushSteps(realm, pushSettings);
        List<PushUser> holders = pushUsers(CAP);
        KeycloakServerJvm server = KeycloakServerJvm.underThisJvm();
        series(server, null, WARM_UP / 2); // warm-up of both conditions, not reported
        try (HeldTokenRequests held = new HeldTokenRequests(holders)) {
            series(server, held, WARM_UP / 2);
        }
        Result[] results = measureInAbbaOrder(server, holders);
        report(results[0], results[1]);
        idleServerCpu(server, holders);
        refusalsBeyondTheCap(holders, pushUsers(2));
        assertTrue(results[0].failures() == 0 && results[1].failures() == 0, "every login finished");
    }

    /** Series in ABBA order (without, with, with, without, ...); each "with" series holds the cap throughout. */
    private Result[] measureInAbbaOrder(KeycloakServerJvm server, List<PushUser> holders) throws Exception {
        Result[] results = {Result.NONE, Result.NONE};
        System.out.printf("%nSeries in the order run (the spread between them is this machine's noise)%n");
        for (int i = 0; i < 2 * SERIES; i++) {
            int which = TotpLoginLoad.inAbbaOrder(i);
            Result series;
            if (which == 0) {
                series = series(server, null, LOGINS / SERIES);
            } else {
                try (HeldTokenRequests held = new HeldTokenRequests(holders)) {
                    series = series(server, held, LOGINS / SERIES);
                }
            }
            System.out.printf("  %-24s %s%n", which == 0 ? "no token requests held" : CAP + " token requests held",
                    series.summary());
            results[which] = results[which].plus(series);
        }
        return results;
    }

    /** Logins of fresh users (made first, so no admin work overlaps); with {@code held}, checks they held throughout. */
    private Result series(KeycloakServerJvm server, HeldTokenRequests held, int logins) throws Exception {
        List<String> users = TotpLoginLoad.users(realm, logins);
        Result result = TotpLoginLoad.run(server, Flow.bundle(oauth.loginForm().build()), users, THREADS);
        if (held != null) {
            assertEquals(CAP, held.stillWaiting(), "the token requests waited for their phones over the whole series");
        }
        return result;
    }

    private static void report(Result without, Result with) {
        System.out.printf("%nFull logins (password + TOTP), %d per condition in %d series each, %d concurrent, same "
                + "server, same run%n", without.micros().size(), SERIES, THREADS);
        System.out.printf("  no token requests held   %s%n", without.summary());
        System.out.printf("  %2d token requests held   %s%n", CAP, with.summary());
        System.out.printf("  held / not held          %6.1f %% throughput, p95 ratio %.2f%n%n",
                100 * with.loginsPerSecond() / without.loginsPerSecond(), with.p95Millis() / without.p95Millis());
    }

    /**
     * With the cap held, token requests of other users with phones, one after another: each should be a 429 at once,
     * before any push. Other users: Keycloak's brute-force protection (its blocking protector) refuses a second login
     * of a user while one of that user's logins is in progress on the node, a held token request included.
     */
    private void refusalsBeyondTheCap(List<PushUser> holders, List<PushUser> others) throws Exception {
        List<Long> refusedMicros = new ArrayList<>();
        int otherAnswers = 0;
        try (HeldTokenRequests held = new HeldTokenRequests(holders)) {
            for (int i = 0; i < BEYOND_CAP; i++) {
                long start = System.nanoTime();
                HttpResponse<String> answer = PasswordGrant.start(realm, LOOPBACK,
                        others.get(i % others.size()).username(), CURL).get(30, TimeUnit.SECONDS);
                long micros = (System.nanoTime() - start) / 1000;
                if (answer.statusCode() == 429 && answer.body().contains("\"temporarily_unavailable\"")) {
                    refusedMicros.add(micros);
                } else {
                    otherAnswers++;
                    System.out.println("  not refused: " + answer.statusCode() + " " + answer.body());
                }
            }
            assertEquals(CAP, held.stillWaiting(), "the held requests still waited");
        }
        Collections.sort(refusedMicros);
        System.out.printf("Token requests beyond the cap (%d held), %d sent one after another%n", CAP, BEYOND_CAP);
        System.out.printf("  429 temporarily_unavailable  %d   (other answers %d)%n", refusedMicros.size(), otherAnswers);
        if (!refusedMicros.isEmpty()) {
            System.out.printf("  latency  p50 %6.1f ms   max %6.1f ms (includes the password check)%n%n",
                    refusedMicros.get((refusedMicros.size() - 1) / 2) / 1000.0,
                    refusedMicros.get(refusedMicros.size() - 1) / 1000.0);
        }
    }

    /** The server's CPU over a few idle seconds without and with the cap held: a waiting request should cost none. */
    private void idleServerCpu(KeycloakServerJvm server, List<PushUser> holders) throws Exception {
        double without = server.cpuMillisPerSecondWhileIdle(IDLE);
        double with;
        try (HeldTokenRequests held = new HeldTokenRequests(holders)) {
            with = server.cpuMillisPerSecondWhileIdle(IDLE);
        }
        System.out.printf("Server CPU while idle   no token requests held %5.1f ms/s   %d held %5.1f ms/s%n%n", without,
                CAP, with);
    }

    /** Users of the push group, each with an enrolled reference phone. */
    private List<PushUser> pushUsers(int count) throws Exception {
        List<PushUser> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String username = DemoRealm.createUser(realm, "held", DemoRealm.MOBILE);
            users.add(new PushUser(username, PushLogin.enrollPhone(oauth.loginForm().build(), username, url -> url)));
        }
        return users;
    }
}
