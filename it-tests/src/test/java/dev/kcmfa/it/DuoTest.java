package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keycloak.events.EventType;
import org.keycloak.testframework.annotations.InjectEvents;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.events.Events;

/** The demo realm's /partners group, whose policy requires Duo, against {@link FakeDuo} on loopback. */
@Tag("security")
@KeycloakIntegrationTest(config = MfaServerConfig.class)
class DuoTest extends DemoRealmBrowserTest {

    private static FakeDuo duo;

    @InjectEvents
    Events events;

    LoginBrowser browser;

    @BeforeAll
    static void startDuo() throws Exception {
        duo = new FakeDuo(8598);
    }

    @AfterAll
    static void stopDuo() {
        duo.close();
    }

    @BeforeEach
    void pointTheDuoStepsAtDuo() {
        duo.reset();
        configure("closed");
        browser = new LoginBrowser(driver, oauth, realm);
        events.skipAll();
    }

    @Test
    void aUserApprovedAtDuoIsLoggedIn() {
        String username = DemoRealm.createUser(realm, "duo", DemoRealm.PARTNERS);
        duo.userDoes(username + "@example.org", FakeDuo.Outcome.ALLOW);

        browser.logInWithPassword(username);

        assertNotNull(oauth.parseLoginResponse().getCode(), driver.getCurrentUrl() + " " + browser.pageText());
        assertEquals("duo", LoginEvents.next(events, EventType.LOGIN).getDetails().get("mfa_method"));
    }

    @Test
    void aUserDeniedAtDuoGetsAClearPageAndNoCode() {
        String username = DemoRealm.createUser(realm, "duono", DemoRealm.PARTNERS);
        duo.userDoes(username + "@example.org", FakeDuo.Outcome.DENY);

        browser.logInWithPassword(username);

        assertTrue(browser.pageText().contains("Duo did not approve this sign-in."), browser.pageText());
        assertFalse(reachedTheApp());
        assertEquals("duo_denied", LoginEvents.next(events, EventType.LOGIN_ERROR).getError());
    }

    @Test
    void aUserNotEnrolledAtDuoIsToldSo() {
        String username = DemoRealm.createUser(realm, "duonew", DemoRealm.PARTNERS);
        duo.userDoes(username + "@example.org", FakeDuo.Outcome.NOT_ENROLLED);

        browser.logInWithPassword(username);

        assertTrue(browser.pageText().contains("You are not enrolled in Duo yet."), browser.pageText());
        assertEquals("duo_not_enrolled", LoginEvents.next(events, EventType.LOGIN_ERROR).getError());
    }

    @Test
    void aRedirectBackWithAnotherLoginsStateIsRefused() {
        String username = DemoRealm.createUser(realm, "duostate", DemoRealm.PARTNERS);
        duo.setForeignState(true);

        browser.logInWithPassword(username);

        assertFalse(reachedTheApp());
        assertTrue(browser.pageText().contains("The answer from Duo could not be verified."), browser.pageText());
        assertEquals("duo_state_mismatch", LoginEvents.next(events, EventType.LOGIN_ERROR).getError());
    }

    @Test
    void aTamperedIdTokenIsRefused() {
        String username = DemoRealm.createUser(realm, "duoforged", DemoRealm.PARTNERS);
        duo.setTamperIdTokens(true);

        browser.logInWithPassword(username);

        assertFalse(reachedTheApp());
        assertTrue(browser.pageText().contains("The answer from Duo could not be verified."), browser.pageText());
        assertEquals("duo_invalid_response", LoginEvents.next(events, EventType.LOGIN_ERROR).getError());
    }

    @Test
    void whenDuoIsDownTheLoginFailsClosedByDefault() {
        String username = DemoRealm.createUser(realm, "duodown", DemoRealm.PARTNERS);
        duo.setDown(true);

        browser.logInWithPassword(username);

        assertTrue(browser.pageText().contains("cannot be reached right now"), browser.pageText());
        assertFalse(reachedTheApp());
        assertEquals("duo_unavailable", LoginEvents.next(events, EventType.LOGIN_ERROR).getError());
    }

    @Test
    void whenDuoIsDownAndTheAdminChoseFailOpenTheLoginContinuesWithAnEvent() {
        configure("open");
        String username = DemoRealm.createUser(realm, "duoopen", DemoRealm.PARTNERS);
        duo.setDown(true);

        browser.logInWithPassword(username);

        assertNotNull(oauth.parseLoginResponse().getCode());
        assertEquals("duo_fail_open", LoginEvents.next(events, EventType.LOGIN).getDetails().get("mfa_skipped"));
    }

    @Test
    void clientsAndGroupsTheAdminExemptsAreNotSentToDuo() {
        duo.setDown(true); // were Duo asked, the login would fail closed
        configure("closed", Map.of("skipClients", "other-app, test-app"));
        String byClient = DemoRealm.createUser(realm, "duoclient", DemoRealm.PARTNERS);
        browser.logInWithPassword(byClient);
        assertNotNull(oauth.parseLoginResponse().getCode());
        assertEquals("duo_not_in_scope", LoginEvents.next(events, EventType.LOGIN).getDetails().get("mfa_skipped"));

        browser.signOut();
        configure("closed", Map.of("skipGroups", "/partners"));
        String byGroup = DemoRealm.createUser(realm, "duogroup", DemoRealm.PARTNERS);
        browser.logInWithPassword(byGroup);
        assertNotNull(oauth.parseLoginResponse().getCode());
        assertEquals("duo_not_in_scope", LoginEvents.next(events, EventType.LOGIN).getDetails().get("mfa_skipped"));
    }

    @Test
    void aPasswordGrantWaitsForDuoPush() throws Exception {
        String username = DemoRealm.createUser(realm, "duotool", DemoRealm.PARTNERS);
        duo.userDoes(username + "@example.org", FakeDuo.Outcome.ALLOW);

        HttpResponse<String> response = passwordGrant(username, null);

        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"access_token\""));
    }

    @Test
    void aPasswordGrantWithAPasscodeUsesIt() throws Exception {
        String username = DemoRealm.createUser(realm, "duocode", DemoRealm.PARTNERS);

        HttpResponse<String> right = passwordGrant(username, FakeDuo.PASSCODE);
        HttpResponse<String> wrong = passwordGrant(username, "000000");

        assertEquals(200, right.statusCode(), right.body());
        assertEquals(401, wrong.statusCode(), wrong.body());
        assertTrue(wrong.body().contains("invalid_grant"));
    }

    /** The app's callback, not the Duo callback to Keycloak (whose URL holds "duo_code=" too). */
    private boolean reachedTheApp() {
        return driver.getCurrentUrl().contains("/callback/oauth");
    }

    private void configure(String failMode) {
        configure(failMode, Map.of());
    }

    private void configure(String failMode, Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(extra);
        settings.put("clientId", FakeDuo.CLIENT_ID);
        settings.put("clientSecret", FakeDuo.CLIENT_SECRET);
        settings.put("authApiIntegrationKey", FakeDuo.IKEY);
        settings.put("authApiSecretKey", FakeDuo.SKEY);
        settings.put("apiHost", "api-test.duosecurity.com");
        settings.put("apiBaseUrl", duo.baseUrl());
        settings.put("usernameFormat", "%s@example.org");
        settings.put("failMode", failMode);
        DemoRealm.configureDuoSteps(realm, settings);
    }

    private HttpResponse<String> passwordGrant(String username, String passcode) throws Exception {
        String form = "grant_type=password&client_id=test-app&client_secret=test-secret&scope=openid"
                + "&username=" + username + "&password=" + username
                + (passcode == null ? "" : "&duo_passcode=" + URLEncoder.encode(passcode, StandardCharsets.UTF_8));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        realm.getBaseUrl() + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
