package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.keycloak.events.EventType;
import org.keycloak.representations.idm.EventRepresentation;
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
    void afterDuoTheUserMayHaveTheBrowserRememberedAndIsNotSentToDuoAgain() {
        String partners = DemoRealm.groupPolicyAttribute(realm, DemoRealm.PARTNERS);
        realm.updateWithCleanup(r -> r.attribute(partners,
                "{\"enforcement\":\"required\",\"methods\":[\"duo\"],\"rememberDevice\":\"P7D\"}"));
        String username = DemoRealm.createUser(realm, "duoremember", DemoRealm.PARTNERS);
        duo.userDoes(username + "@example.org", FakeDuo.Outcome.ALLOW);

        browser.logInWithPassword(username);
        assertTrue(browser.asksToRememberTheBrowser(), "Duo's prompt has no box of ours: " + browser.pageText());
        browser.answerRememberTheBrowser(true);
        assertNotNull(oauth.parseLoginResponse().getCode(), browser.pageText());
        assertEquals("duo", LoginEvents.next(events, EventType.LOGIN).getDetails().get("mfa_method"));

        duo.goDown(); // were Duo asked, the login would fail closed
        browser.logInWithPassword(username);
        assertTrue(reachedTheApp(), "the remembered browser is not sent to Duo: " + browser.pageText());
        assertEquals("remembered_device", LoginEvents.next(events, EventType.LOGIN).getDetails().get("mfa_skipped"));
    }

    @Test
    void anSsoSessionThatSkippedDuoSignsInAgainBeforeDuosPromptWhichMayEnrolADevice() {
        String partners = DemoRealm.groupPolicyAttribute(realm, DemoRealm.PARTNERS);
        realm.updateWithCleanup(r -> r.attribute(partners, "{\"enforcement\":\"optional\",\"methods\":[\"duo\"]}"));
        String username = DemoRealm.createUser(realm, "duosso", DemoRealm.PARTNERS);
        duo.userDoes(username + "@example.org", FakeDuo.Outcome.ALLOW);
        browser.logInWithPassword(username);
        assertTrue(reachedTheApp(), "optional, nothing held in Keycloak: password only: " + browser.pageText());
        assertNull(LoginEvents.next(events, EventType.LOGIN).getDetails().get("mfa_method"));

        driver.open(oauth.loginForm().param("acr_values", "mfa").uiLocales("en").build()); // the same browser

        // Duo's prompt enrols a user Duo does not know yet: the session's cookie alone must not lead there
        assertTrue(browser.showsPasswordForm(), "signs in again before Duo: " + browser.pageText());
        browser.enterPasswordAgain(username);
        assertTrue(reachedTheApp(), browser.pageText());
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
        duo.goDown();

        browser.logInWithPassword(username);

        assertTrue(browser.pageText().contains("cannot be reached right now"), browser.pageText());
        assertFalse(reachedTheApp());
        assertEquals("duo_unavailable", LoginEvents.next(events, EventType.LOGIN_ERROR).getError());
    }

    @Test
    void whenDuoIsDownAndTheAdminChoseFailOpenTheLoginContinuesWithAnEvent() {
        configure("open");
        String username = DemoRealm.createUser(realm, "duoopen", DemoRealm.PARTNERS);
        duo.goDown();

        browser.logInWithPassword(username);

        assertNotNull(oauth.parseLoginResponse().getCode());
        assertEquals("duo_fail_open", LoginEvents.next(events, EventType.LOGIN).getDetails().get("mfa_skipped"));
    }

    @Test
    void clientsAndGroupsTheAdminExemptsAreNotSentToDuo() {
        duo.goDown(); // were Duo asked, the login would fail closed
        configure("closed", Map.of("skipClients", "other-app##test-app")); // as the flow editor stores its entries
        String byClient = DemoRealm.createUser(realm, "duoclient", DemoRealm.PARTNERS);
        browser.logInWithPassword(byClient);
        assertNotNull(oauth.parseLoginResponse().getCode());
        assertEquals("duo_not_in_scope", LoginEvents.next(events, EventType.LOGIN).getDetails().get("mfa_skipped"));

        browser.signOut();
        configure("closed", Map.of("skipGroups", "/elsewhere, /partners")); // commas, as before the entries
        String byGroup = DemoRealm.createUser(realm, "duogroup", DemoRealm.PARTNERS);
        browser.logInWithPassword(byGroup);
        assertNotNull(oauth.parseLoginResponse().getCode());
        assertEquals("duo_not_in_scope", LoginEvents.next(events, EventType.LOGIN).getDetails().get("mfa_skipped"));
    }

    /** Duo down at the health check: an answer from Duo is obeyed; only no answer at all may fail open. */
    @ParameterizedTest(name = "{0}, fail {1}")
    @MethodSource("everyTroubleInBothFailModes")
    void theBrowserStepFailsOpenOnlyWhenDuoCannotBeReached(Trouble trouble, String failMode) throws Exception {
        String username = DemoRealm.createUser(realm, "duotrouble", DemoRealm.PARTNERS);
        makeTrouble(trouble, FakeDuo.HEALTH_CHECK, failMode);

        HttpResponse<String> page = new RawHttpLogin().logInWithPassword(oauth.loginForm().build(), username, Map.of());

        if (trouble.unreachable() && "open".equals(failMode)) {
            assertReachedTheApp(page);
            assertEquals("duo_fail_open", LoginEvents.next(events, EventType.LOGIN).getDetails().get("mfa_skipped"));
        } else {
            assertRefusedPage(trouble.refusal, page);
        }
    }

    /** The user has been to Duo and back: whatever goes wrong exchanging the code, Duo's verdict is not guessed. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Trouble.class)
    void aCodeExchangeThatFailsRefusesTheLoginEvenWhenFailingOpen(Trouble trouble) throws Exception {
        String username = DemoRealm.createUser(realm, "duoexchange", DemoRealm.PARTNERS);
        RawHttpLogin login = new RawHttpLogin();
        HttpResponse<String> toDuo = login.logInWithPassword(oauth.loginForm().build(), username, Map.of());
        assertEquals(303, toDuo.statusCode(), toDuo.body());
        makeTrouble(trouble, FakeDuo.TOKEN, "open");

        HttpResponse<String> backFromDuo = login.get(location(login.get(location(toDuo))));

        assertRefusedPage(trouble.refusal, backFromDuo);
    }

    /** Duo down at preauth, the first call of a token request: the same rule as the browser's health check. */
    @ParameterizedTest(name = "{0}, fail {1}")
    @MethodSource("everyTroubleInBothFailModes")
    void aTokenRequestFailsOpenOnlyWhenDuoCannotBeReached(Trouble trouble, String failMode) throws Exception {
        String username = DemoRealm.createUser(realm, "duotooltrouble", DemoRealm.PARTNERS);
        makeTrouble(trouble, FakeDuo.PREAUTH, failMode);

        HttpResponse<String> response = passwordGrant(username, null);

        if (trouble.unreachable() && "open".equals(failMode)) {
            assertEquals(200, response.statusCode(), response.body());
            assertTrue(response.body().contains("\"access_token\""));
            assertEquals("duo_fail_open", LoginEvents.next(events, EventType.LOGIN).getDetails().get("mfa_skipped"));
        } else {
            assertRefusedTokenRequest(trouble.refusal, response);
        }
    }

    /**
     * The review's case: Duo answers a malformed passcode with 400, which must never read as "Duo is down"; nor may Duo
     * going away once it has the passcode. (A refused connection cannot begin mid-request: preauth would have been
     * refused first, as above.)
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Trouble.class, names = "CONNECTION_REFUSED", mode = EnumSource.Mode.EXCLUDE)
    void aPasscodeDuoCouldNotCheckGetsNoTokensEvenWhenFailingOpen(Trouble trouble) throws Exception {
        String username = DemoRealm.createUser(realm, "duotoolcode", DemoRealm.PARTNERS);
        makeTrouble(trouble, FakeDuo.AUTH, "open");

        HttpResponse<String> response = passwordGrant(username, "12ab");

        assertRefusedTokenRequest(trouble.refusal, response);
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
        assertEquals(400, wrong.statusCode(), wrong.body());
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
        Map<String, String> settings = duo.stepSettings(failMode);
        settings.putAll(extra);
        DemoRealm.configureDuoSteps(realm, settings);
    }

    /** What goes wrong with Duo, and how a login must be refused when it is not let through. */
    enum Trouble {
        BAD_REQUEST(400, 40002, "Invalid request parameters", Refusal.REFUSED),
        UNAUTHORIZED(401, 40103, "Invalid signature in request credentials", Refusal.NOT_SET_UP),
        RATE_LIMITED(429, 42901, "Too Many Requests", Refusal.RATE_LIMITED),
        SERVER_ERROR(500, 50000, "Internal server error", Refusal.UNREACHABLE),
        UNAVAILABLE(503, 50301, "Service unavailable", Refusal.UNREACHABLE),
        TIME_OUT(0, 0, "", Refusal.UNREACHABLE),
        CONNECTION_REFUSED(0, 0, "", Refusal.UNREACHABLE);

        final int status;
        final int duoCode;
        final String duoMessage;
        final Refusal refusal;

        Trouble(int status, int duoCode, String duoMessage, Refusal refusal) {
            this.status = status;
            this.duoCode = duoCode;
            this.duoMessage = duoMessage;
            this.refusal = refusal;
        }

        boolean unreachable() {
            return Refusal.UNREACHABLE.equals(refusal);
        }
    }

    /** A refused login as a browser (page status and text) and a tool (error_description) see it, and its event. */
    record Refusal(int pageStatus, String pageText, String description, String eventError) {
        static final Refusal REFUSED = new Refusal(403, "Duo refused this sign-in request.",
                "Duo refused the sign-in request.", "duo_request_refused");
        static final Refusal NOT_SET_UP = new Refusal(403, "Sign-in with Duo is not set up correctly.",
                "Duo is not set up correctly on this server; please contact your administrator.",
                "duo_misconfigured");
        static final Refusal RATE_LIMITED = new Refusal(429, "Duo is limiting sign-in attempts right now.",
                "Duo is limiting sign-in attempts; try again in a few minutes.", "duo_rate_limited");
        static final Refusal UNREACHABLE = new Refusal(503, "cannot be reached right now",
                "Duo cannot be reached right now.", "duo_unavailable");
    }

    static Stream<Arguments> everyTroubleInBothFailModes() {
        return Stream.of("closed", "open").flatMap(mode -> Arrays.stream(Trouble.values())
                .map(trouble -> Arguments.of(trouble, mode)));
    }

    /** Makes the endpoint at {@code path} fail that way; time-outs are 1 s in these tests, the stall 3 s. */
    private void makeTrouble(Trouble trouble, String path, String failMode) throws IOException {
        switch (trouble) {
            case TIME_OUT -> duo.stall(path, 3000);
            case CONNECTION_REFUSED -> { } // the steps get a base URL where nothing listens, below
            default -> duo.answer(path, trouble.status,
                    Map.of("stat", "FAIL", "code", trouble.duoCode, "message", trouble.duoMessage));
        }
        configure(failMode, trouble == Trouble.CONNECTION_REFUSED
                ? Map.of("apiBaseUrl", FakeDuo.closedPortUrl()) : Map.of());
    }

    private void assertReachedTheApp(HttpResponse<String> response) {
        assertEquals(302, response.statusCode(), response.body());
        assertTrue(location(response).contains("/callback/oauth") && location(response).contains("code="),
                location(response));
    }

    private void assertRefusedPage(Refusal refusal, HttpResponse<String> page) {
        assertEquals(refusal.pageStatus(), page.statusCode(), page.body());
        assertTrue(page.body().contains(refusal.pageText()), page.body());
        assertRefusalEvent(refusal);
    }

    private void assertRefusedTokenRequest(Refusal refusal, HttpResponse<String> response) throws IOException {
        assertEquals(400, response.statusCode(), response.body());
        JsonNode error = FakeServerHttp.JSON.readTree(response.body());
        assertEquals("invalid_grant", error.path("error").asText(), response.body());
        assertEquals(refusal.description(), error.path("error_description").asText(), response.body());
        assertFalse(response.body().contains("access_token"));
        assertRefusalEvent(refusal);
    }

    private void assertRefusalEvent(Refusal refusal) {
        EventRepresentation event = LoginEvents.next(events, EventType.LOGIN_ERROR);
        assertEquals(refusal.eventError(), event.getError());
        assertEquals("duo", event.getDetails().get("mfa_method"));
        assertNull(event.getDetails().get("mfa_skipped"), "a refused login skipped nothing");
    }

    private static String location(HttpResponse<String> response) {
        return response.headers().firstValue("Location").orElseThrow(
                () -> new AssertionError("no redirect: " + response.statusCode() + " " + response.body()));
    }

    /** The test app's password grant, with a Duo passcode or (null) without, for a Duo Push. */
    private HttpResponse<String> passwordGrant(String username, String passcode) throws Exception {
        return PasswordGrant.send(realm, PasswordGrant.TEST_APP, username,
                passcode == null ? Map.of() : Map.of("duo_passcode", passcode));
    }
}
