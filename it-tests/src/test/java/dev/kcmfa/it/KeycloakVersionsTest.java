package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.kcmfa.devicecli.PushDevice;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.keycloak.util.JsonSerialization;

/**
 * The bundle on each Keycloak release of the supported range, as an admin installs it: the release's distribution
 * from Maven Central, the bundle's two jars in {@code providers/}, the demo realm imported at start
 * ({@code kc.sh start-dev --import-realm}, H2), then one login per method over plain HTTP, each to tokens.
 *
 * <p>The range ({@code -Dkc.versions=26.5.6,26.7.3}) runs only when asked ({@code -Dgroups=versions}); the default run
 * keeps the release the bundle is compiled against, so CI smoke-tests the newest release on every run.
 */
class KeycloakVersionsTest {

    private static final int HTTP_PORT = 8480;
    private static final int MANAGEMENT_PORT = 9480;
    /** Not 3025 (the test framework's mail catcher) nor 3026 (the cluster test's). */
    private static final int SMTP_PORT = 3027;
    private static final Pattern TOTP_SECRET = Pattern.compile("id=\"mfa-totp-secret\">([^<]+)<");
    /** What the second-factor pages' forms send along: the remember-this-browser box was offered (not ticked). */
    private static final String BOX_OFFERED = "&rememberDeviceOffered=on";

    /**
     * Release lines the bundle does not run on: Keycloak APIs of the release it is compiled against that they lack,
     * as their server log names them once a login reaches the bundle's code that calls them. Such a line's smoke test
     * must fail with each of them in the log; once it passes, the line joins the supported range. (Those no smoke
     * login reaches, found by checking the bundle's references against each release's jars, are in
     * docs/reliability.md.)
     */
    private static final Map<String, List<String>> LACKING_APIS = Map.of(
            "26.4", Stream.concat(qrCodeApis().stream(), Stream.of(
                    // the email code's templates do not render there either (the cause is not in the log)
                    "could not send the MFA code email (Failed to template email)")).toList(),
            "26.5", qrCodeApis());

    static Stream<String> versions() {
        return Arrays.stream(System.getProperty("kc.versions", "26.5.6,26.7.3").split(",")).map(String::trim);
    }

    @Tag("versions")
    @ParameterizedTest(name = "Keycloak {0}")
    @MethodSource("versions")
    void everyMethodLogsInOn(String version) throws Throwable {
        smokeTest(version);
    }

    @Test
    void everyMethodLogsInOnTheReleaseTheBundleIsCompiledAgainst() throws Throwable {
        smokeTest(Distribution.builtAgainst());
    }

    private static void smokeTest(String version) throws Throwable {
        long started = System.nanoTime();
        Path home = Distribution.withBundle("kc-versions", version);
        Distribution.queueDemoRealmImport(home);
        GreenMail mail = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        try (KeycloakNode node = new KeycloakNode("keycloak-" + version, HTTP_PORT, MANAGEMENT_PORT)) {
            node.startDev(home, List.of("--import-realm"));
            node.awaitReady(Duration.ofMinutes(4));
            assertTrue(node.log().contains("Realm 'mfa-demo' imported"), "demo realm imported on " + version);
            node.pointRealmSmtpAt(DemoApp.REALM, SMTP_PORT);
            long ready = System.nanoTime();
            String server = node.url();
            Executable logins = () -> assertAll("Keycloak " + version,
                    () -> totpLoginAndPasswordGrant(server),
                    () -> pushLogin(server),
                    () -> emailCodeLogin(server, mail));
            assertOutcome(version, logins, node);
            System.out.printf("Keycloak %s: installed and started in %d s, logins in %d s%n", version,
                    Duration.ofNanos(ready - started).toSeconds(),
                    Duration.ofNanos(System.nanoTime() - ready).toSeconds());
        } finally {
            mail.stop();
        }
    }

    /** The logins reach tokens; on a release line that lacks APIs, they fail, the server naming what is missing. */
    private static void assertOutcome(String version, Executable logins, KeycloakNode node) throws Throwable {
        List<String> lacking = LACKING_APIS.getOrDefault(releaseLine(version), List.of());
        if (lacking.isEmpty()) {
            logins.execute();
            return;
        }
        assertThrows(AssertionError.class, logins, "Keycloak " + version + " now passes: supported?");
        String log = node.log();
        assertAll(lacking.stream().map(api -> () -> assertTrue(log.contains(api), "not in the log: " + api)));
    }

    /** What the enrollment pages (TOTP, push) of a release before 26.7 lack: the QR code helpers of Keycloak 26.7. */
    private static List<String> qrCodeApis() {
        return List.of("java.lang.NoSuchMethodError: 'java.lang.String org.keycloak.utils.TotpUtils.qrCode("
                        + "org.keycloak.models.KeycloakSession, java.lang.String, org.keycloak.models.RealmModel, "
                        + "org.keycloak.models.UserModel)'",
                "java.lang.NoClassDefFoundError: org/keycloak/utils/QRCodeUtils");
    }

    /** {@code 26.5} of {@code 26.5.6}. */
    private static String releaseLine(String version) {
        return version.substring(0, version.lastIndexOf('.'));
    }

    /**
     * alice (TOTP required) sets up her app at her first login, logs in with it, then gets tokens by the password grant
     * with a code: three distinct codes (previous, current, next step), since a code counts once.
     */
    private static void totpLoginAndPasswordGrant(String server) throws Exception {
        RawHttpLogin first = new RawHttpLogin();
        String enrollPage = first.logInWithPassword(DemoApp.loginUrl(server), "alice", Map.of()).body();
        AuthenticatorApp app = AuthenticatorApp.fromSecret(find(TOTP_SECRET, enrollPage));
        assertHasTokens("TOTP enrollment", DemoApp.exchange(server, first.postForm(formAction("mfa-totp-enroll-form",
                enrollPage), "otp=" + app.previousCode() + "&userLabel=phone" + BOX_OFFERED)));

        RawHttpLogin login = new RawHttpLogin();
        HttpResponse<String> codePage = login.logInWithPassword(DemoApp.loginUrl(server), "alice", Map.of());
        assertTrue(RawHttpLogin.asksForTotp(codePage), codePage.body());
        assertHasTokens("TOTP login", DemoApp.exchange(server, login.postForm(formAction("mfa-totp-form",
                codePage.body()), "otp=" + app.currentCode() + BOX_OFFERED)));

        assertHasTokens("password grant with TOTP", PasswordGrant.send(server + "/realms/" + DemoApp.REALM,
                PasswordGrant.DEMO_CLI, "alice", Map.of("otp", app.nextCode())));
    }

    /** frank (push required) enrolls the reference device at his first login, then approves a push login with it. */
    private static void pushLogin(String server) throws Exception {
        PushDevice phone = PushLogin.enrollPhone(DemoApp.loginUrl(server), "frank", url -> url);
        PushLogin login = PushLogin.open(DemoApp.loginUrl(server), "frank");
        PushDevice.Challenge challenge = phone.pending().get(0);
        assertEquals(200, phone.approve(challenge, login.number()).status(), "the phone's approval accepted");
        login.awaitAnswer(PushLogin.Waiting.LONG_POLL);
        assertHasTokens("push login", DemoApp.exchange(server, login.finish()));
    }

    /** erin (email codes required) types the code the server mailed her. */
    private static void emailCodeLogin(String server, GreenMail mail) throws Exception {
        int before = mail.getReceivedMessages().length;
        RawHttpLogin login = new RawHttpLogin();
        String page = login.logInWithPassword(DemoApp.loginUrl(server), "erin", Map.of()).body();
        assertTrue(mail.waitForIncomingEmail(10_000, before + 1), "the code was mailed: " + page);
        String code = Mailbox.codeIn(mail.getReceivedMessages()[before]);
        assertHasTokens("email code login", DemoApp.exchange(server,
                login.postForm(formAction("mfa-email-form", page), "code=" + code)));
    }

    private static void assertHasTokens(String what, HttpResponse<String> tokenResponse) throws Exception {
        assertEquals(200, tokenResponse.statusCode(), what + ": " + tokenResponse.body());
        JsonNode tokens = JsonSerialization.mapper.readTree(tokenResponse.body());
        assertTrue(tokens.hasNonNull("access_token"), what + ": " + tokens);
    }

    private static String formAction(String formId, String page) {
        return find(Pattern.compile("id=\"" + formId + "\"[^>]*action=\"([^\"]+)\""), page).replace("&amp;", "&");
    }

    private static String find(Pattern pattern, String page) {
        Matcher matcher = pattern.matcher(page);
        if (!matcher.find()) {
            throw new AssertionError("no " + pattern + " in " + page);
        }
        return matcher.group(1).trim();
    }
}
