package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
 * The sms and voice methods against {@link FakeTwilio} and {@link FakeSmsGateway} on loopback, which speak Twilio's
 * and a generic JSON gateway's wire formats: a number set up inside the login with a code sent to it, codes by text
 * and by call, wrong codes and resends limited, a gateway that fails handing the login to another method, and a policy
 * that does not name SMS never sending one. The demo realm's /partners group uses them in these tests.
 */
@Tag("security")
@KeycloakIntegrationTest(config = MfaServerConfig.class)
class PhoneTest extends DemoRealmBrowserTest {

    private static final Duration DELIVERY = Duration.ofSeconds(10);
    private static final String MOBILE = "+49 151 2345 67";
    private static final String LANDLINE = "+49 30 123456";

    private static FakeTwilio twilio;
    private static FakeSmsGateway gateway;

    @InjectEvents
    Events events;

    LoginBrowser browser;
    PhonePages phone;

    @BeforeAll
    static void startGateways() throws Exception {
        twilio = new FakeTwilio(8596);
        gateway = new FakeSmsGateway(8595);
    }

    @AfterAll
    static void stopGateways() {
        twilio.close();
        gateway.close();
    }

    @BeforeEach
    void partnersGetCodesThroughTwilio() throws Exception {
        twilio.reset();
        gateway.reset();
        configure("sms", twilio.gatewaySettings(), Map.of());
        configure("voice", twilio.gatewaySettings(), Map.of());
        partnersMayUse("sms");
        browser = new LoginBrowser(driver, oauth, realm);
        phone = new PhonePages(driver);
        events.skipAll();
    }

    @Test
    void aNumberSetUpInTheLoginWithACodeSignsInByTextFromThenOn() throws Exception {
        String username = DemoRealm.createUser(realm, "sms", DemoRealm.PARTNERS);
        String number = MOBILE + "01";

        browser.logInWithPassword(username);
        assertTrue(phone.asksForANumber(), browser.pageText());
        phone.typeNumber(number);
        assertTrue(phone.asksForACode(), browser.pageText());
        assertTrue(phone.instruction().contains("+49 ") && phone.instruction().endsWith("01. Enter it below."),
                "the number shown masked: " + phone.instruction());
        assertFalse(phone.instruction().contains("2345"), phone.instruction());
        FakeTwilio.Delivery proof = twilio.next(DELIVERY);
        assertEquals("sms", proof.channel());
        assertEquals("+4915123456701", proof.to());
        phone.typeCode(PhoneInbox.codeIn(proof.text()));
        assertTrue(reachedTheApp(), browser.pageText());
        EventRepresentation enrolled = LoginEvents.next(events, EventType.LOGIN);
        assertEquals("sms", enrolled.getDetails().get("mfa_method"));
        assertEquals("true", enrolled.getDetails().get("mfa_enrolled"));
        assertEquals(List.of("mfa-phone"), factorTypes(username));

        browser.logInWithPassword(username);
        assertTrue(phone.asksForACode(), "a held number gets a code at once: " + browser.pageText());
        phone.typeCode(twilio.nextCodeTo("+4915123456701", DELIVERY));
        assertTrue(reachedTheApp(), browser.pageText());
        assertEquals("sms", LoginEvents.next(events, EventType.LOGIN).getDetails().get("mfa_method"));
    }

    @Test
    void aCallReadsTheCodeDigitByDigitTwiceAndALandlineTakesCallsButNotTexts() throws Exception {
        partnersMayUse("voice");
        String username = DemoRealm.createUser(realm, "voice", DemoRealm.PARTNERS);

        browser.logInWithPassword(username);
        phone.typeNumber(LANDLINE + "78");
        assertTrue(phone.asksForACode(), browser.pageText());
        FakeTwilio.Delivery call = twilio.next(DELIVERY);
        assertEquals("voice", call.channel());
        String code = PhoneInbox.codeIn(call.text());
        String spoken = String.join(", ", code.split(""));
        assertEquals(2, call.text().split(java.util.regex.Pattern.quote(spoken), -1).length - 1,
                "the code said twice, digit by digit: " + call.text());
        phone.typeCode(code);
        assertTrue(reachedTheApp(), browser.pageText());

        browser.logInWithPassword(username);
        assertTrue(phone.asksForACode(), "a held number is called at once: " + browser.pageText());
        phone.typeCode(twilio.nextCodeTo("+493012345678", DELIVERY));
        assertTrue(reachedTheApp(), browser.pageText());
        assertEquals("voice", LoginEvents.next(events, EventType.LOGIN).getDetails().get("mfa_method"));

        partnersMayUse("sms");
        String texter = DemoRealm.createUser(realm, "landline", DemoRealm.PARTNERS);
        browser.logInWithPassword(texter);
        phone.typeNumber(LANDLINE + "79");
        assertTrue(phone.asksForANumber(), browser.pageText());
        assertTrue(phone.text().contains("This number cannot receive text messages. Use a mobile number."),
                phone.text());
        assertNull(twilio.next(Duration.ofMillis(500)), "nothing sent to a number that was refused");
    }

    @Test
    void wrongCodesEndTheLoginAfterThePolicysAttempts() throws Exception {
        String username = DemoRealm.createUser(realm, "smswrong", DemoRealm.PARTNERS);
        enrollANumber(username, MOBILE + "02");

        browser.logInWithPassword(username);
        String code = twilio.nextCodeTo("+4915123456702", DELIVERY);
        String wrong = code.equals("000000") ? "111111" : "000000";
        phone.typeCode(wrong);
        assertTrue(phone.text().contains("Invalid"), phone.text());
        pauseLikeAPerson();
        phone.typeCode(wrong);
        pauseLikeAPerson();
        phone.typeCode(wrong);
        assertTrue(browser.showsPasswordForm(), "three wrong codes end the login: " + browser.pageText());
        assertTrue(browser.pageText().contains("Too many failed attempts"), browser.pageText());
    }

    @Test
    void resendsWaitTheCooldownAndStopAtTheLimitsOfTheLoginAndOfTheNumber() throws Exception {
        String username = DemoRealm.createUser(realm, "smsresend", DemoRealm.PARTNERS);
        enrollANumber(username, MOBILE + "03");
        configure("sms", twilio.gatewaySettings(), Map.of("maxSendsPerLogin", "2", "resendCooldownSeconds", "30"));

        browser.logInWithPassword(username);
        twilio.nextCodeTo("+4915123456703", DELIVERY);
        phone.askForANewCode();
        assertTrue(phone.text().contains("No new code was sent: a code went to this number less than 30 seconds ago."),
                phone.text());
        assertNull(twilio.next(Duration.ofMillis(500)), "nothing sent within the cooldown");

        configure("sms", twilio.gatewaySettings(), Map.of("maxSendsPerLogin", "2", "resendCooldownSeconds", "0",
                "maxSendsPerNumberPerHour", "3"));
        phone.askForANewCode();
        assertTrue(phone.text().contains("A new code is on its way."), phone.text());
        String second = twilio.nextCodeTo("+4915123456703", DELIVERY);
        phone.askForANewCode();
        assertTrue(phone.text().contains("No more codes can be sent for this sign-in."), phone.text());
        phone.typeCode(second);
        assertTrue(reachedTheApp(), "the last code sent works: " + browser.pageText());

        String other = DemoRealm.createUser(realm, "smssame", DemoRealm.PARTNERS);
        browser.logInWithPassword(other);
        phone.typeNumber(MOBILE + "03"); // the same number for another account: its fourth text this hour
        assertTrue(browser.pageText().contains("Too many codes were sent to your phone in the last hour."),
                browser.pageText());
        assertNull(twilio.next(Duration.ofMillis(500)));
        assertEquals("send_limit_reached", LoginEvents.next(events, EventType.LOGIN_ERROR).getError());
    }

    @Test
    void aGatewayThatFailsHandsTheLoginToAnotherMethodOrSaysSo() throws Exception {
        partnersMayUse("sms", "totp");
        String username = DemoRealm.createUserWithAuthenticatorApp(realm, "smsdown", DemoRealm.PARTNERS);
        DemoRealm.registerRequiredAction(realm, "mfa-phone-register", "Set up a phone number");
        browser.logInWithPassword(username);
        browser.enterTotp(AuthenticatorApp.fromSecret(DemoRealm.APP_SECRET_BASE32).currentCode());
        oauth.loginForm().kcAction("mfa-phone-register").open(); // the account console's "Set up"
        phone.typeNumber(MOBILE + "04");
        phone.typeCode(twilio.nextCodeTo("+4915123456704", DELIVERY));
        assertNotNull(oauth.parseLoginResponse().getCode(), browser.pageText());
        assertEquals(List.of("mfa-phone", "otp"), factorTypes(username));
        browser.signOut();
        chooseDefaultMethod(username, "sms"); // as in the account console: texts before the app
        events.skipAll();

        twilio.answer(500, "{\"code\":20500,\"message\":\"Internal Server Error\",\"status\":500}");
        browser.logInWithPassword(username);
        assertTrue(browser.showsTotpCodeForm(), "the next method the user holds: " + browser.pageText());
        assertEquals("phone_send_failed", LoginEvents.next(events, EventType.LOGIN_ERROR).getError());
        // the current code signed in a moment ago and is spent: the next one, within the look-ahead window
        browser.enterTotp(AuthenticatorApp.fromSecret(DemoRealm.APP_SECRET_BASE32).nextCode());
        assertTrue(reachedTheApp(), browser.pageText());

        partnersMayUse("sms");
        browser.logInWithPassword(username);
        assertFalse(reachedTheApp());
        assertTrue(browser.pageText().contains("We could not send the text message with your code."),
                "no other method: " + browser.pageText());
    }

    @Test
    void aGatewayThatNeverAnswersFailsWithinItsTimeOut() throws Exception {
        configure("sms", twilio.gatewaySettings(), Map.of("twilio.readTimeoutMillis", "1000"));
        String username = DemoRealm.createUser(realm, "smsslow", DemoRealm.PARTNERS);
        twilio.neverAnswer();

        browser.logInWithPassword(username);
        long start = System.nanoTime();
        phone.typeNumber(MOBILE + "05");
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertTrue(phone.asksForANumber(), browser.pageText());
        assertTrue(phone.text().contains("We could not send the text message with your code."), phone.text());
        assertTrue(seconds < 8, "bounded by the one-second time-out, took " + seconds + " s");
        assertEquals(List.of(), factorTypes(username));
    }

    @Test
    void theGenericHttpGatewaySendsTheCodesToo() throws Exception {
        configure("sms", gateway.gatewaySettings(), Map.of());
        String username = DemoRealm.createUser(realm, "smshttp", DemoRealm.PARTNERS);

        browser.logInWithPassword(username);
        phone.typeNumber("0151 2345 6706".replace("0151", "+49 151"));
        phone.typeCode(gateway.nextCodeTo("+4915123456706", DELIVERY));
        assertTrue(reachedTheApp(), browser.pageText());

        browser.logInWithPassword(username);
        phone.typeCode(gateway.nextCodeTo("+4915123456706", DELIVERY));
        assertTrue(reachedTheApp(), browser.pageText());
        assertNull(twilio.next(Duration.ofMillis(200)), "Twilio is not this step's gateway now");
    }

    @Test
    void whereThePolicyDoesNotNameSmsATextAloneNeverSignsIn() throws Exception {
        String username = DemoRealm.createUser(realm, "smsforbidden", DemoRealm.PARTNERS);
        enrollANumber(username, MOBILE + "07");

        PasswordGrant.assertRefused(PasswordGrant.send(realm, PasswordGrant.TEST_APP, username, Map.of()),
                "This account's second factor is a code sent by text message, which cannot be used with the "
                        + "password grant: sign in through the browser.");

        partnersMayUse("totp"); // as for /admins, whose policy names security keys and passkeys only
        browser.logInWithPassword(username);
        assertTrue(phone.asksForACode(), "the number it holds proves the user before the allowed method is set up: "
                + browser.pageText());
        phone.typeCode(twilio.nextCodeTo("+4915123456707", DELIVERY));
        assertFalse(reachedTheApp(), "a text alone does not sign in: " + browser.pageText());
        assertTrue(browser.pageText().contains("Mobile Authenticator Setup"), browser.pageText());
        java.net.http.HttpResponse<String> grant = PasswordGrant.send(realm, PasswordGrant.TEST_APP, username, Map.of());
        assertEquals(400, grant.statusCode(), grant.body());
        assertFalse(grant.body().contains("access_token"), grant.body());
    }

    /** Sets up a number in a login of the user, as the user would. */
    private void enrollANumber(String username, String number) throws Exception {
        browser.logInWithPassword(username);
        phone.typeNumber(number);
        phone.typeCode(PhoneInbox.codeIn(twilio.next(DELIVERY).text()));
        assertTrue(reachedTheApp(), browser.pageText());
        browser.signOut();
        events.skipAll();
    }

    private void configure(String method, Map<String, String> gatewaySettings, Map<String, String> more) throws Exception {
        Map<String, String> settings = new HashMap<>(gatewaySettings);
        settings.put("gateway", gatewaySettings.keySet().iterator().next().split("\\.")[0]);
        // a code set up a moment ago would hold back the next login's code for the cooldown: none unless a test asks
        settings.put("resendCooldownSeconds", "0");
        settings.putAll(more);
        DemoRealm.configureMethodSteps(realm, method, settings);
    }

    /** An admin changes the policy of /partners to these methods (undone after the test). */
    private void partnersMayUse(String... methods) throws Exception {
        realm.updateWithCleanup(r -> r.attribute(DemoRealm.groupPolicyAttribute(realm, DemoRealm.PARTNERS),
                "{\"enforcement\":\"required\",\"methods\":[\"" + String.join("\",\"", methods) + "\"]}"));
    }

    private void chooseDefaultMethod(String username, String method) {
        var user = realm.admin().users().get(DemoRealm.userId(realm, username));
        var representation = user.toRepresentation();
        representation.singleAttribute("mfa.default-method", method);
        user.update(representation);
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
}
