package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keycloak.events.EventType;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.testframework.annotations.InjectEvents;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.events.Events;

/**
 * The yubikey method against {@link FakeYubicoValidation} on loopback: a key registered inside the login, its OTPs
 * accepted once, every answer of the validation server checked, and a server that does not answer failing closed.
 * The demo realm's /partners group requires a YubiKey in these tests.
 */
@Tag("security")
@KeycloakIntegrationTest(config = MfaServerConfig.class)
class YubiKeyTest extends DemoRealmBrowserTest {

    private static final String REPLAYED = "This YubiKey one-time password was used before: touch your key for a new one.";
    private static final String UNVERIFIABLE = "The answer of the YubiKey validation service could not be verified.";
    private static final String UNAVAILABLE =
            "The YubiKey validation service cannot be reached right now. Please try again later or try another way.";

    private static FakeYubicoValidation yubico;

    @InjectEvents
    Events events;

    LoginBrowser browser;
    YubiKeyPages yubiKey;

    @BeforeAll
    static void startYubico() throws Exception {
        yubico = new FakeYubicoValidation(8597);
    }

    @AfterAll
    static void stopYubico() {
        yubico.close();
    }

    @BeforeEach
    void partnersUseYubiKeysValidatedByTheFake() {
        yubico.reset();
        validateAt(List.of(yubico.url()), "5");
        onlyMethodOfPartners("yubikey");
        browser = new LoginBrowser(driver, oauth, realm);
        yubiKey = new YubiKeyPages(driver);
        events.skipAll();
    }

    @Test
    void aKeyRegisteredInTheLoginSignsInAndEachOtpCountsOnce() {
        String username = DemoRealm.createUser(realm, "yubi", DemoRealm.PARTNERS);
        String key = FakeYubicoValidation.newKey();

        browser.logInWithPassword(username);
        assertTrue(yubiKey.asksToRegisterAKey(), browser.pageText());
        yubiKey.type(yubico.touch(key));
        assertTrue(reachedTheApp(), browser.pageText());
        EventRepresentation enrolled = LoginEvents.next(events, EventType.LOGIN);
        assertEquals("yubikey", enrolled.getDetails().get("mfa_method"));
        assertEquals(List.of("mfa-yubikey"), factorTypes(username));

        String otp = yubico.touch(key);
        browser.logInWithPassword(username);
        assertTrue(yubiKey.asksForAnOtp(), browser.pageText());
        yubiKey.type(otp);
        assertTrue(reachedTheApp(), browser.pageText());
        assertEquals("yubikey", LoginEvents.next(events, EventType.LOGIN).getDetails().get("mfa_method"));

        browser.logInWithPassword(username);
        yubiKey.type(otp); // typed again, as someone who watched it could
        assertFalse(reachedTheApp());
        assertTrue(yubiKey.text().contains(REPLAYED), yubiKey.text());
        assertEquals("yubikey_replayed", LoginEvents.next(events, EventType.LOGIN_ERROR).getError());
    }

    @Test
    void anotherKeyAnythingElseAndWrongOtpsAreRefusedAndEndTheLoginAfterThePolicysAttempts() throws Exception {
        String username = DemoRealm.createUser(realm, "yubiwrong", DemoRealm.PARTNERS);
        String key = registerAKey(username);

        browser.logInWithPassword(username);
        String othersOtp = yubico.touch(FakeYubicoValidation.newKey());
        yubiKey.type(othersOtp);
        assertTrue(yubiKey.text().contains("This YubiKey is not registered for your account."), yubiKey.text());
        assertEquals(0, yubico.requestsFor(othersOtp), "no request to the server for a key that could not pass");
        pauseLikeAPerson();
        yubiKey.type("123456");
        assertTrue(yubiKey.text().contains("This is not a YubiKey one-time password"), yubiKey.text());
        pauseLikeAPerson();
        yubiKey.type(key + "c".repeat(32)); // the right key's shape, an OTP it never typed
        assertFalse(reachedTheApp());

        assertTrue(browser.showsPasswordForm(), "three wrong answers end the login: " + browser.pageText());
        assertTrue(browser.pageText().contains("Too many failed attempts"), browser.pageText());
    }

    @Test
    void wrongOtpsWhileRegisteringAKeyEndTheLoginAfterThePolicysAttempts() throws Exception {
        String username = DemoRealm.createUser(realm, "yubiguess", DemoRealm.PARTNERS);

        browser.logInWithPassword(username);
        for (int attempt = 1; attempt <= 3; attempt++) {
            assertTrue(yubiKey.asksToRegisterAKey(), attempt + ": " + browser.pageText());
            yubiKey.type(FakeYubicoValidation.newKey() + "c".repeat(32)); // a key's shape, an OTP it never typed
            pauseLikeAPerson();
        }

        assertTrue(browser.showsPasswordForm(), "each OTP costs a validation request: " + browser.pageText());
        assertTrue(browser.pageText().contains("Too many failed attempts"), browser.pageText());
        assertEquals(List.of(), factorTypes(username));
    }

    @Test
    void anAnswerNotSignedWithTheApiKeyOrAboutAnotherRequestNeverSignsIn() {
        String username = DemoRealm.createUser(realm, "yubiforged", DemoRealm.PARTNERS);
        String key = registerAKey(username);

        for (FakeYubicoValidation.Fault fault : List.of(FakeYubicoValidation.Fault.FORGED_SIGNATURE,
                FakeYubicoValidation.Fault.OTHER_NONCE)) {
            yubico.fault(fault);
            browser.logInWithPassword(username);
            yubiKey.type(yubico.touch(key));
            assertFalse(reachedTheApp(), fault.name());
            assertTrue(yubiKey.text().contains(UNVERIFIABLE), fault + ": " + yubiKey.text());
            assertEquals("yubikey_invalid_response", LoginEvents.next(events, EventType.LOGIN_ERROR).getError());
        }
        yubico.fault(FakeYubicoValidation.Fault.NONE);
        yubiKey.type(yubico.touch(key));
        assertTrue(reachedTheApp(), "a genuine answer signs in: " + browser.pageText());
    }

    @Test
    void aServerThatCannotBeReachedHandsOverToTheNextAndNoneAnsweringFailsClosedAfterTheTimeOut() {
        String username = DemoRealm.createUser(realm, "yubidown", DemoRealm.PARTNERS);
        String key = registerAKey(username);
        validateAt(List.of("http://127.0.0.1:1/wsapi/2.0/verify", yubico.url()), "1");

        browser.logInWithPassword(username);
        yubiKey.type(yubico.touch(key));
        assertTrue(reachedTheApp(), "the second server answered: " + browser.pageText());

        yubico.fault(FakeYubicoValidation.Fault.SILENT);
        browser.logInWithPassword(username);
        long start = System.nanoTime();
        yubiKey.type(yubico.touch(key));
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertFalse(reachedTheApp());
        assertTrue(yubiKey.text().contains(UNAVAILABLE), yubiKey.text());
        assertTrue(seconds < 10, "bounded by the one-second time-out, took " + seconds + " s");
        LoginEvents.next(events, EventType.LOGIN);
        assertEquals("yubikey_unavailable", LoginEvents.next(events, EventType.LOGIN_ERROR).getError());
    }

    @Test
    void aPasswordGrantSendsTheOtpAsYubikeyOtpAndEachCountsOnce() throws Exception {
        String username = DemoRealm.createUser(realm, "yubicli", DemoRealm.PARTNERS);
        String key = registerAKey(username);
        String otp = yubico.touch(key);

        HttpResponse<String> tokens = passwordGrant(username, Map.of("yubikey_otp", otp));
        assertEquals(200, tokens.statusCode(), tokens.body());
        assertTrue(new ObjectMapper().readTree(tokens.body()).has("access_token"));

        PasswordGrant.assertRefused(passwordGrant(username, Map.of("yubikey_otp", otp)),
                "This YubiKey one-time password was used before: touch the key for a new one.");
        PasswordGrant.assertRefused(passwordGrant(username, Map.of()),
                "This account requires a YubiKey one-time password: send it as the yubikey_otp parameter.");
    }

    @Test
    void whereThePolicyNoLongerAllowsYubiKeysAKeyAloneDoesNotSignIn() throws Exception {
        String username = DemoRealm.createUser(realm, "yubiforbidden", DemoRealm.PARTNERS);
        String key = registerAKey(username);
        onlyMethodOfPartners("totp");

        browser.logInWithPassword(username);
        assertTrue(yubiKey.asksForAnOtp(), "the key it holds proves the user before the allowed method is set up: "
                + browser.pageText());
        yubiKey.type(yubico.touch(key));
        assertFalse(reachedTheApp(), browser.pageText());
        assertTrue(browser.pageText().contains("Mobile Authenticator Setup"),
                "the allowed method is set up first: " + browser.pageText());

        HttpResponse<String> refused = passwordGrant(username, Map.of("yubikey_otp", yubico.touch(key)));
        assertEquals(400, refused.statusCode(), refused.body());
        assertFalse(refused.body().contains("access_token"), refused.body());
    }

    @Test
    void aUserSignedInWithAKeyAddsASecondOneButNotTheSameTwice() {
        String username = DemoRealm.createUser(realm, "yubiadd", DemoRealm.PARTNERS);
        String first = registerAKey(username);
        DemoRealm.registerRequiredAction(realm, "mfa-yubikey-register", "Set up a YubiKey");

        oauth.loginForm().kcAction("mfa-yubikey-register").open(); // the account console's "Set up"
        assertTrue(yubiKey.asksToRegisterAKey(), "this session's login passed the first key: " + browser.pageText());
        yubiKey.type(yubico.touch(first));
        assertTrue(yubiKey.text().contains("This YubiKey is registered already."), yubiKey.text());
        yubiKey.type(yubico.touch(FakeYubicoValidation.newKey()));

        assertNotNull(oauth.parseLoginResponse().getCode(), browser.pageText());
        assertEquals(List.of("mfa-yubikey", "mfa-yubikey"), factorTypes(username));
    }

    /** Registers a new key in a login of the user, as the user would, and returns its public id. */
    private String registerAKey(String username) {
        String key = FakeYubicoValidation.newKey();
        browser.logInWithPassword(username);
        yubiKey.type(yubico.touch(key));
        assertTrue(reachedTheApp(), browser.pageText());
        events.skipAll();
        return key;
    }

    private void validateAt(List<String> urls, String timeoutSeconds) {
        DemoRealm.configureYubiKeySteps(realm, Map.of("clientId", FakeYubicoValidation.CLIENT_ID,
                "secretKey", FakeYubicoValidation.API_KEY, "validationUrls", String.join("##", urls),
                "timeoutSeconds", timeoutSeconds));
    }

    /** An admin changes the policy of /partners to allow one method only (undone after the test). */
    private void onlyMethodOfPartners(String method) {
        realm.updateWithCleanup(r -> r.attribute(DemoRealm.groupPolicyAttribute(realm, DemoRealm.PARTNERS),
                "{\"enforcement\":\"required\",\"methods\":[\"" + method + "\"]}"));
    }

    private List<String> factorTypes(String username) {
        return realm.admin().users().get(DemoRealm.userId(realm, username)).credentials().stream()
                .map(c -> c.getType()).filter(type -> !"password".equals(type)).sorted().toList();
    }

    /** Keycloak's quick-login check locks a user who fails twice within a second: a person is slower. */
    private static void pauseLikeAPerson() throws InterruptedException {
        Thread.sleep(1500);
    }

    private boolean reachedTheApp() {
        return driver.getCurrentUrl().contains("code=");
    }

    private HttpResponse<String> passwordGrant(String username, Map<String, String> fields) throws Exception {
        return PasswordGrant.send(realm, PasswordGrant.TEST_APP, username, fields);
    }
}
