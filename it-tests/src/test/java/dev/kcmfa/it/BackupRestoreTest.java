package dev.kcmfa.it;

import static dev.kcmfa.it.MfaAdminApi.policyPath;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.kcmfa.devicecli.PushDevice;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;

/**
 * A backup and its restore, as an admin does them (docs/reliability.md): server A, on a PostgreSQL of its own, runs
 * the demo realm and its users enroll their factors; A is stopped, {@code kc.sh export} writes the realm with its
 * users to files, {@code kc.sh import} loads them into a fresh server B (new distribution, empty PostgreSQL), which
 * starts at A's address, as a restored server does. On B every user logs in with the factors enrolled on A, and the
 * policies, flows and realm keys are A's.
 */
@Tag("reliability")
class BackupRestoreTest {

    private static final String REALM = DemoApp.REALM;
    /** A's address, and B's once A is gone: the phone and the browser know the server by its address. */
    private static final int HTTP_PORT = 8181;
    private static final int MANAGEMENT_PORT = 9181;
    private static final int CLUSTER_PORT = 7811;
    private static final Duration STARTUP = Duration.ofMinutes(4);

    private static PrivatePostgres postgresB;
    private static KeycloakNode restored;
    private static Enrolled enrolled;
    private static RealmState original;

    /** What the users of A enrolled and an admin changed there, kept (in this test's memory) for the logins on B. */
    private record Enrolled(AuthenticatorApp alicesApp, PushDevice franksPhone, String rememberedUser,
                            String rememberedCookie, String overriddenUser) {
    }

    @BeforeAll
    static void backUpServerAAndRestoreItIntoServerB() throws Exception {
        long start = System.nanoTime();
        Path backup = Path.of("target", "backup-restore").toAbsolutePath();
        Distribution.deleteRecursively(backup.toFile());
        Files.createDirectories(backup);
        Path homeA = Distribution.withBundle("kc-backup-a");
        KeycloakNode.build(homeA);
        Distribution.queueDemoRealmImport(homeA);
        long exportNanos;
        try (PrivatePostgres postgresA = PrivatePostgres.start(5441)) {
            KeycloakNode serverA = new KeycloakNode("backup-a", HTTP_PORT, MANAGEMENT_PORT);
            try {
                serverA.start(homeA, postgresA.jdbcUrl(), CLUSTER_PORT, List.of("--import-realm"));
                serverA.awaitReady(1, STARTUP);
                enrolled = enrollOn(serverA);
                original = RealmState.of(serverA);
            } finally {
                serverA.close();
            }
            exportNanos = timed(() -> KeycloakNode.runTool(homeA, postgresA.jdbcUrl(), "backup-export",
                    List.of("export", "--realm", REALM, "--dir", backup.toString(), "--users", "realm_file")));
        }

        Path homeB = Distribution.withBundle("kc-backup-b");
        KeycloakNode.build(homeB);
        postgresB = PrivatePostgres.start(5442);
        long importNanos = timed(() -> KeycloakNode.runTool(homeB, postgresB.jdbcUrl(), "backup-import",
                List.of("import", "--dir", backup.toString())));
        restored = new KeycloakNode("backup-b", HTTP_PORT, MANAGEMENT_PORT);
        restored.start(homeB, postgresB.jdbcUrl(), CLUSTER_PORT, List.of());
        restored.awaitReady(1, STARTUP);
        System.out.printf("backup and restore: export %.1f s, import %.1f s, all (builds and starts included) %.1f s%n",
                exportNanos / 1e9, importNanos / 1e9, (System.nanoTime() - start) / 1e9);
    }

    @AfterAll
    static void stopServerB() throws Exception {
        if (restored != null) {
            restored.close();
        }
        if (postgresB != null) {
            postgresB.close();
        }
    }

    @Test
    void theAppUserLogsInWithACodeOfTheSecretEnrolledBeforeTheBackup() throws Exception {
        RawHttpLogin login = new RawHttpLogin();
        HttpResponse<String> page = login.logInWithPassword(loginUrl(), "alice", Map.of());
        assertTrue(RawHttpLogin.asksForTotp(page), page.body());

        HttpResponse<String> done = login.postForm(RawHttpLogin.formAction("mfa-totp-form", page.body()),
                "otp=" + enrolled.alicesApp().currentCode() + "&rememberDeviceOffered=on");
        assertTrue(RawHttpLogin.loggedIn(done), done.body());
    }

    @Test
    void thePhoneEnrolledBeforeTheBackupStillApproves() throws Exception {
        PushLogin login = PushLogin.open(loginUrl(), "frank");
        PushDevice phone = enrolled.franksPhone();

        assertEquals(200, phone.approve(phone.pending().get(0), login.number()).status());
        login.awaitAnswer(PushLogin.Waiting.LONG_POLL);
        assertTrue(RawHttpLogin.loggedIn(login.finish()), "the same phone (the same key) approved the login on the restored server");
    }

    @Test
    void theBrowserRememberedBeforeTheBackupStillSkipsMfa() throws Exception {
        HttpResponse<String> remembered = new RawHttpLogin()
                .withCookie(LoginBrowser.REMEMBER_DEVICE_COOKIE, enrolled.rememberedCookie())
                .logInWithPassword(loginUrl(), enrolled.rememberedUser(), Map.of());
        assertTrue(RawHttpLogin.loggedIn(remembered), "the cookie signed by A's realm key: " + remembered.body());

        HttpResponse<String> another = new RawHttpLogin().logInWithPassword(loginUrl(), enrolled.rememberedUser(),
                Map.of());
        assertTrue(RawHttpLogin.asksForTotp(another), "another browser is asked: " + another.body());
    }

    @Test
    void theGroupPolicyChangeAndThePerUserOverrideStillApply() throws Exception {
        HttpResponse<String> guest = new RawHttpLogin().logInWithPassword(loginUrl(), "bob", Map.of());
        assertTrue(guest.body().contains("id=\"mfa-totp-enroll-form\""), "/guests now requires TOTP: " + guest.body());

        HttpResponse<String> overridden = new RawHttpLogin().logInWithPassword(loginUrl(), enrolled.overriddenUser(),
                Map.of());
        assertTrue(RawHttpLogin.loggedIn(overridden), "the user's own 'off' beats /staff: " + overridden.body());
    }

    @Test
    void thePolicyDocumentsAreIdentical() throws Exception {
        assertEquals(original.policies().toPrettyString(), RealmState.of(restored).policies().toPrettyString());
    }

    @Test
    void theFlowsAreIdentical() throws Exception {
        assertEquals(original.flows().toPrettyString(), RealmState.of(restored).flows().toPrettyString());
    }

    @Test
    void theRealmKeysAreIdentical() throws Exception {
        assertEquals(original.keys().toPrettyString(), RealmState.of(restored).keys().toPrettyString());
    }

    /**
     * On A: alice sets up her app (the secret read as typed), a new /staff user sets up one and remembers the
     * browser, frank enrolls the reference phone; the admin makes /guests require TOTP and turns MFA off for one
     * /staff user.
     */
    private static Enrolled enrollOn(KeycloakNode server) throws Exception {
        AuthenticatorApp alicesApp = enrollApp(server, new RawHttpLogin(), "alice", "&rememberDeviceOffered=on");
        PushDevice franksPhone = PushLogin.enrollPhone(DemoApp.loginUrl(server.url()), "frank", url -> url);
        try (Keycloak admin = adminOf(server)) {
            RealmResource realm = admin.realm(REALM);
            String remembered = DemoRealm.createUser(realm, "remembered", DemoRealm.ENGINEERING);
            RawHttpLogin browser = new RawHttpLogin();
            enrollApp(server, browser, remembered, "&rememberDevice=on");
            String cookie = browser.cookie(LoginBrowser.REMEMBER_DEVICE_COOKIE);
            assertNotNull(cookie, "the browser is remembered");

            MfaAdminApi policies = MfaAdminApi.ofServer(server.url(), REALM, admin.tokenManager().getAccessTokenString());
            assertEquals(204, policies.put(policyPath("group:" + DemoRealm.GUESTS),
                    "{\"enforcement\":\"required\",\"methods\":[\"totp\"]}").status());
            String overridden = DemoRealm.createUser(realm, "overridden", DemoRealm.ENGINEERING);
            String overriddenId = realm.users().searchByUsername(overridden, true).get(0).getId();
            assertEquals(204, policies.put(policyPath("user:" + overriddenId), "{\"enforcement\":\"off\"}").status());
            return new Enrolled(alicesApp, franksPhone, remembered, cookie, overridden);
        }
    }

    /** A first login that sets up an authenticator app with the secret shown under the QR code. */
    private static AuthenticatorApp enrollApp(KeycloakNode server, RawHttpLogin browser, String username,
            String extraFields) throws Exception {
        String page = browser.logInWithPassword(DemoApp.loginUrl(server.url()), username, Map.of()).body();
        AuthenticatorApp app = AuthenticatorApp.fromSecret(RawHttpLogin.elementText("mfa-totp-secret", page));
        HttpResponse<String> enrolled = browser.postForm(RawHttpLogin.formAction("mfa-totp-enroll-form", page),
                "otp=" + app.currentCode() + "&userLabel=app" + extraFields);
        assertTrue(RawHttpLogin.loggedIn(enrolled), enrolled.body());
        return app;
    }

    private static String loginUrl() {
        return DemoApp.loginUrl(restored.url());
    }

    static Keycloak adminOf(KeycloakNode server) {
        return Keycloak.getInstance(server.url(), "master", "admin", "admin", "admin-cli");
    }

    private static long timed(Step step) throws Exception {
        long start = System.nanoTime();
        step.run();
        return System.nanoTime() - start;
    }

    private interface Step {
        void run() throws Exception;
    }
}
