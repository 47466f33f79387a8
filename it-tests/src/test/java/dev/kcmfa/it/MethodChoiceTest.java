package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kcmfa.devicecli.PushDevice;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keycloak.events.EventType;
import org.keycloak.testframework.annotations.InjectEvents;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.events.Events;

/**
 * The user chooses the second factor: "Try another way" lists the allowed methods the user can pass, the preferred
 * (last passed) first; a user who must enroll picks what to set up; a pick the server did not offer is refused; a
 * tool picks with {@code mfa_method}. In this class /mobile requires push or TOTP, in that order.
 */
@Tag("security")
@KeycloakIntegrationTest(config = MfaServerConfig.class)
class MethodChoiceTest extends PushBrowserTest {

    @InjectEvents
    Events events;

    private LoginBrowser browser;
    private MethodChooser chooser;
    private final AuthenticatorApp app = AuthenticatorApp.fromSecret(DemoRealm.APP_SECRET_BASE32);

    @BeforeEach
    void mobileAllowsPushAndTotp() {
        browser = new LoginBrowser(driver, oauth, realm);
        chooser = new MethodChooser(driver);
        setMobilePolicy("{\"enforcement\":\"required\",\"methods\":[\"push\",\"totp\"]}");
    }

    @Test
    void aUserWithAnAppAndAPhoneChoosesEitherAndThePreferredComesFirst() throws Exception {
        String user = DemoRealm.createUserWithAuthenticatorApp(realm, "both", DemoRealm.MOBILE);
        PushDevice phone = browser.addPhoneAfterTheApp(user, app);

        browser.logInWithPassword(user);
        assertTrue(browser.showsTotpCodeForm(), "the app passed last: it comes first, before the policy's push");
        chooser.tryAnotherWay();
        assertEquals(List.of("totp", "push"), chooser.offered(), "preferred first, then the policy's order");
        chooser.choose("push");
        assertTrue(browser.showsPushNumber(), browser.pageText());
        phone.approve(phone.pending().get(0), browser.pushNumber());
        browser.awaitPushOutcome();
        assertTrue(driver.getCurrentUrl().contains("/callback"), "logged in by push: " + browser.pageText());

        browser.logInWithPassword(user);
        assertTrue(browser.showsPushNumber(), "push passed last: it comes first now");
        chooser.tryAnotherWay();
        assertEquals(List.of("push", "totp"), chooser.offered());
        chooser.choose("totp");
        events.skipAll();
        browser.enterTotp(app.nextCode()); // the current one went to adding the phone
        assertNotNull(oauth.parseLoginResponse().getCode(), "logged in by the app");
        assertEquals("totp", LoginEvents.next(events, EventType.LOGIN).getDetails().get("mfa_method"));
    }

    @Test
    void aChoiceTheLoginDidNotOfferGetsTheListBackAndNoEnrollment() {
        String user = DemoRealm.createUserWithAuthenticatorApp(realm, "forger", DemoRealm.MOBILE);

        browser.logInWithPassword(user);
        assertTrue(browser.showsTotpCodeForm());
        assertFalse(chooser.offersAnotherWay(), "the app is all this user can pass");
        events.skipAll();
        chooser.forceChoice("mfa-totp-form", "push");

        assertTrue(chooser.isShown(), "no phone enrollment for the password alone: " + browser.pageText());
        assertTrue(browser.pageText().contains("That method is not available for your account"), browser.pageText());
        assertEquals(List.of("totp"), chooser.offered());
        assertFalse(browser.showsPushEnrollment());
        assertEquals("mfa_method_not_offered", LoginEvents.next(events, EventType.LOGIN_ERROR).getError());

        chooser.forceChoice("mfa-choose-method-form", "email");
        assertTrue(chooser.isShown(), "a method the policy does not allow: the list again");
        chooser.choose("totp");
        browser.enterTotp(app.currentCode());
        assertNotNull(oauth.parseLoginResponse().getCode());
    }

    @Test
    void aUserWhoMustEnrollPicksWhatToSetUp() throws Exception {
        String user = DemoRealm.createUser(realm, "newcomer", DemoRealm.MOBILE);

        browser.logInWithPassword(user);
        assertTrue(browser.showsPushEnrollment(), "the policy's first method: " + browser.pageText());
        chooser.tryAnotherWay();
        assertTrue(browser.pageText().contains("Choose what to set up"), browser.pageText());
        assertEquals(List.of("push", "totp"), chooser.offered());
        chooser.choose("totp");
        assertTrue(browser.showsTotpEnrollment(), browser.pageText());
        AuthenticatorApp newApp = AuthenticatorApp.scan(browser.qrCodeImage());
        browser.finishEnrollment(newApp.currentCode(), "my app");
        assertNotNull(oauth.parseLoginResponse().getCode(), "enrolled the app it picked and logged in");
    }

    @Test
    void thePushEnrollmentCanBePostponedDuringTheGrace() {
        setMobilePolicy("{\"enforcement\":\"required\",\"methods\":[\"push\"],\"enrollmentGrace\":\"P7D\"}");
        String user = DemoRealm.createUser(realm, "later", DemoRealm.MOBILE);

        browser.logInWithPassword(user);
        assertTrue(browser.showsPushEnrollment(), browser.pageText());
        assertTrue(browser.offersToPostponeEnrollment(), browser.pageText());
        events.skipAll();
        browser.postponeEnrollment();

        assertNotNull(oauth.parseLoginResponse().getCode(), "logged in without a phone, for now");
        assertEquals("enrollment_postponed",
                LoginEvents.next(events, EventType.LOGIN).getDetails().get("mfa_skipped"));
    }

    @Test
    void aToolPicksTheMethodWithMfaMethodOrByTheAnswerItSends() throws Exception {
        String user = DemoRealm.createUserWithAuthenticatorApp(realm, "tool", DemoRealm.MOBILE);
        browser.addPhoneAfterTheApp(user, app);

        HttpResponse<String> named = PasswordGrant.send(realm, PasswordGrant.DEMO_CLI, user,
                Map.of("mfa_method", "totp", "otp", app.nextCode())); // the current one went to adding the phone
        assertEquals(200, named.statusCode(), named.body());

        HttpResponse<String> refused = PasswordGrant.send(realm, PasswordGrant.DEMO_CLI, user,
                Map.of("mfa_method", "email"));
        PasswordGrant.assertRefused(refused, "mfa_method 'email' is not a second factor this account can pass "
                + "with the password grant; it can use: totp, push");

        HttpResponse<String> wrongCode = PasswordGrant.send(realm, PasswordGrant.DEMO_CLI, user,
                Map.of("otp", "000000"));
        assertEquals("Invalid authenticator app code.", new ObjectMapper().readTree(wrongCode.body())
                .path("error_description").asText(), "the otp parameter picks the app, though push came first");
    }

    private void setMobilePolicy(String json) {
        String mobile = DemoRealm.groupPolicyAttribute(realm, DemoRealm.MOBILE);
        realm.updateWithCleanup(r -> r.attribute(mobile, json));
    }
}
