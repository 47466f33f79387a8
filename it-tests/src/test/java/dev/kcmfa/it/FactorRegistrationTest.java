package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import dev.kcmfa.devicecli.PushDevice;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keycloak.events.EventType;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.InjectEvents;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.events.Events;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A session that skipped MFA (trusted network, remembered browser) adds no second factor before passing one the user
 * already holds, through any door: Keycloak's application-initiated actions ({@code kc_action}, which the account
 * console's "Set up" and "Remove" links are), the bundle's push enrollment action, required actions set by an admin,
 * and the bundle's own enrollment inside the login. A user with no factor still enrolls as the policy says; a user
 * whose factor the policy no longer allows passes it first, then enrolls the policy's method in the same login.
 */
@Tag("security")
@KeycloakIntegrationTest(config = MfaServerConfig.class)
class FactorRegistrationTest extends DemoRealmBrowserTest {

    private static final String CONFIGURE_TOTP = "CONFIGURE_TOTP";
    private static final String WEBAUTHN_REGISTER = "webauthn-register";
    private static final String PUSH_ENROLL = "mfa-push-enroll";

    @InjectEvents
    Events events;

    @Test
    void fromATrustedNetworkAddingAnAppFirstAsksForTheAppTheUserHasThenRegistersTheNewOne() throws Exception {
        String carol = signedInFromTheOffice();
        String setUpLink = new AccountConsole(realm, oauth.doAccessTokenRequest(oauth.parseLoginResponse().getCode())
                .getAccessToken()).credentialType("otp").path("createAction").asText();
        assertEquals(CONFIGURE_TOTP, setUpLink, "the account console's \"Set up\" link is this kc_action");

        oauth.loginForm().kcAction(CONFIGURE_TOTP).open();
        assertNoRegistrationPage();
        assertTrue(passwordAskedAgain(), "the SSO cookie of a session that skipped MFA is not enough");
        browser().enterPasswordAgain(carol);
        assertTrue(browser().showsTotpCodeForm(), "the trusted network spares no second factor to a new one");
        assertNoRegistrationPage();
        assertEquals(1, factors(carol).size(), "nothing registered yet");

        browser().enterTotp(existingApp().currentCode());
        setUpKeycloaksTotp();
        assertNotNull(oauth.parseLoginResponse().getCode());
        assertEquals(2, factors(carol).stream().filter(c -> "otp".equals(c.getType())).count(),
                "once the existing app has passed, the new one is registered");
    }

    @Test
    void fromATrustedNetworkNoSecurityKeyOrPhoneIsRegisteredWithoutTheExistingApp() throws Exception {
        String carol = signedInFromTheOffice();
        registerPushEnrollmentAction();

        for (String action : List.of(WEBAUTHN_REGISTER, PUSH_ENROLL)) {
            oauth.loginForm().kcAction(action).open();
            assertNoRegistrationPage();
            assertTrue(passwordAskedAgain(), action + ": the SSO cookie is not enough");
            browser().enterPasswordAgain(carol);
            assertTrue(browser().showsTotpCodeForm(), action + ": the existing app is asked first");
            assertNoRegistrationPage();
        }
        assertEquals(1, factors(carol).size(), "no key, no phone");
    }

    @Test
    void fromATrustedNetworkTheAppIsNotRemovedWithoutItSoTheNextLoginCannotEnrollAnAttackersOne() throws Exception {
        String carol = signedInFromTheOffice();
        String appId = factors(carol).get(0).getId();

        oauth.loginForm().kcAction("delete_credential:" + appId).open();

        assertTrue(driver.driver().findElements(By.id("kc-accept")).isEmpty(), "no \"Delete\" confirmation");
        assertTrue(passwordAskedAgain(), "the account console's \"Remove\" re-authenticates this session");
        browser().enterPasswordAgain(carol);
        assertTrue(browser().showsTotpCodeForm(), "with the app it would remove");
        assertEquals(List.of(appId), factors(carol).stream().map(CredentialRepresentation::getId).toList());
    }

    @Test
    void onARememberedBrowserAddingAFactorFirstAsksForTheExistingOne() throws Exception {
        String alice = DemoRealm.createUser(realm, "alice", DemoRealm.ENGINEERING);
        LoginBrowser browser = browser();
        browser.logInWithPassword(alice);
        AuthenticatorApp app = AuthenticatorApp.scan(browser.qrCodeImage());
        browser.tickRememberThisDevice();
        browser.finishEnrollment(app.currentCode(), "phone");
        browser.logInWithPassword(alice);
        assertNotNull(oauth.parseLoginResponse().getCode(), "the remembered browser skipped MFA");

        for (String action : List.of(CONFIGURE_TOTP, WEBAUTHN_REGISTER)) {
            oauth.loginForm().kcAction(action).open();
            assertNoRegistrationPage();
            assertTrue(passwordAskedAgain(), action + ": the SSO cookie is not enough");
            events.skipAll();
            browser().enterPasswordAgain(alice);
            assertTrue(browser.showsTotpCodeForm(), action + ": the remembered browser spares no second factor");
            assertNoRegistrationPage();
        }
        assertEquals(1, factors(alice).size());
    }

    @Test
    void anAdminRequestedAppIsSetUpOnlyAfterTheExistingFactorEvenFromATrustedNetwork() throws Exception {
        String carol = DemoRealm.createUserWithAuthenticatorApp(realm, "carol", DemoRealm.OFFICE);
        requireAction(carol, CONFIGURE_TOTP);

        browser().logInWithPassword(carol);

        assertTrue(browser().showsTotpCodeForm(), "the login that goes on to add a factor does not skip MFA");
        assertNoRegistrationPage();
        browser().enterTotp(existingApp().currentCode());
        assertTrue(onKeycloaksTotpSetUp(), "then Keycloak's set-up page, as the admin asked");
        setUpKeycloaksTotp();
        assertNotNull(oauth.parseLoginResponse().getCode());
        assertEquals(2, factors(carol).size());
    }

    @Test
    void anAdminRequestedAppIsRefusedToASessionThatSkippedMfa() throws Exception {
        String carol = signedInFromTheOffice();
        requireAction(carol, CONFIGURE_TOTP);
        events.skipAll();

        oauth.loginForm().open();

        assertNoRegistrationPage();
        assertTrue(browser().pageText().contains("first confirm with one you already have"), browser().pageText());
        assertEquals("existing_factor_required",
                LoginEvents.next(events, EventType.CUSTOM_REQUIRED_ACTION_ERROR).getError());
        assertEquals(1, factors(carol).size());
    }

    @Test
    void aUserWithAnAppWhosePolicyNowWantsPushPassesTheAppThenSetsUpAPhoneInTheSameLogin() throws Exception {
        String frank = DemoRealm.createUserWithAuthenticatorApp(realm, "frank", DemoRealm.MOBILE);
        registerPushEnrollmentAction();
        onlyMethodOfMobile("push");

        browser().logInWithPassword(frank);
        assertNoRegistrationPage();
        assertTrue(browser().showsTotpCodeForm(), "the app he holds is asked first: " + browser().pageText());

        browser().enterTotp(existingApp().currentCode());
        assertTrue(browser().showsPushEnrollment(), "then the phone's QR code: " + browser().pageText());
        PushDevice.enroll(browser().scanPushEnrollmentQrCode(), "New phone", "");
        browser().awaitPushOutcome();

        assertNotNull(oauth.parseLoginResponse().getCode());
        assertEquals(List.of("mfa-push", "otp"), factorTypes(frank));
    }

    @Test
    void aUserWithAPhoneWhosePolicyNowWantsAnAppApprovesThePushThenSetsUpTheAppInTheSameLogin() throws Exception {
        String grace = DemoRealm.createUser(realm, "grace", DemoRealm.MOBILE);
        browser().logInWithPassword(grace);
        PushDevice phone = PushDevice.enroll(browser().scanPushEnrollmentQrCode(), "Old phone", "");
        browser().awaitPushOutcome();
        assertNotNull(oauth.parseLoginResponse().getCode(), "enrolled her phone under the push policy");
        onlyMethodOfMobile("totp");

        browser().logInWithPassword(grace);
        assertNoRegistrationPage();
        assertTrue(browser().showsPushNumber(), "the phone she holds is asked first: " + browser().pageText());

        List<PushDevice.Challenge> pending = phone.pending();
        assertEquals(1, pending.size(), pending.toString());
        assertEquals(200, phone.approve(pending.get(0), browser().pushNumber()).status());
        browser().awaitPushOutcome();
        assertTrue(onKeycloaksTotpSetUp(), "then Keycloak's app set-up: " + browser().pageText());
        setUpKeycloaksTotp();

        assertNotNull(oauth.parseLoginResponse().getCode());
        assertEquals(List.of("mfa-push", "otp"), factorTypes(grace));
    }

    @Test
    void theEnrollmentAfterAHeldFactorIsRefusedWhenTheRealmHasNotRegisteredItsAction() throws Exception {
        String frank = DemoRealm.createUserWithAuthenticatorApp(realm, "frank", DemoRealm.MOBILE);
        onlyMethodOfMobile("push");
        realm.dirty();
        if (realm.admin().flows().getRequiredActions().stream().anyMatch(a -> PUSH_ENROLL.equals(a.getAlias()))) {
            realm.admin().flows().removeRequiredAction(PUSH_ENROLL);
        }

        browser().logInWithPassword(frank);
        String codeForm = driver.findElement(By.id("otp")).findElement(By.xpath("ancestor::form")).getAttribute("action");
        browser().enterTotp(existingApp().currentCode());

        assertNoRegistrationPage();
        assertFalse(driver.driver().getCurrentUrl().contains("/callback"), "no login without the policy's method");
        assertTrue(browser().pageText().contains("setting up the new one is not enabled"), browser().pageText());

        postCode(codeForm, existingApp().nextCode());
        assertTrue(browser().showsTotpCodeForm(), "Keycloak shows the app-code step again: " + browser().pageText());
        browser().enterTotp(existingApp().nextCode());
        assertFalse(driver.driver().getCurrentUrl().contains("/callback"), "nor does a second try log in");
        assertTrue(browser().pageText().contains("setting up the new one is not enabled"), browser().pageText());
        assertEquals(List.of("otp"), factorTypes(frank));
    }

    /** A replayed post of the app-code form; returns once the answer has loaded. */
    private void postCode(String formAction, String code) {
        WebElement before = driver.driver().findElement(By.tagName("body"));
        ((JavascriptExecutor) driver.driver()).executeScript(
                "var form = document.createElement('form'); form.method = 'post'; form.action = arguments[0];"
                        + "var field = document.createElement('input'); field.name = 'otp'; field.value = arguments[1];"
                        + "form.appendChild(field); document.body.appendChild(form); form.submit();",
                formAction, code);
        new WebDriverWait(driver.driver(), Duration.ofSeconds(10)).until(ExpectedConditions.stalenessOf(before));
    }

    @Test
    void aUserWithoutAFactorStillSetsUpAnAppThroughTheAccountConsole() throws Exception {
        String bob = DemoRealm.createUser(realm, "bob", DemoRealm.GUESTS);
        browser().logInWithPassword(bob);
        assertNotNull(oauth.parseLoginResponse().getCode(), "MFA is optional for guests");

        oauth.loginForm().kcAction(CONFIGURE_TOTP).open();

        assertTrue(onKeycloaksTotpSetUp(), "a user with no factor follows the policy's enrollment rules");
        setUpKeycloaksTotp();
        assertNotNull(oauth.parseLoginResponse().getCode());
        assertEquals(List.of("otp"), factors(bob).stream().map(CredentialRepresentation::getType).toList());
    }

    /** carol: an authenticator app, a group that trusts this machine; signed in with her password only. */
    private String signedInFromTheOffice() {
        String carol = DemoRealm.createUserWithAuthenticatorApp(realm, "carol", DemoRealm.OFFICE);
        browser().logInWithPassword(carol);
        assertNotNull(oauth.parseLoginResponse().getCode(), "no second factor from 127.0.0.1 / ::1");
        return carol;
    }

    private static AuthenticatorApp existingApp() {
        return AuthenticatorApp.fromSecret(DemoRealm.APP_SECRET_BASE32);
    }

    private LoginBrowser browser() {
        return new LoginBrowser(driver, oauth, realm);
    }

    /** Keycloak's re-authentication page: the user is known, only the password is asked. */
    private boolean passwordAskedAgain() {
        return browser().showsPasswordForm() && driver.driver().findElements(By.id("username")).isEmpty();
    }

    /** No page of any registering action: Keycloak's app and security-key set-up, the bundle's app and phone QR. */
    private void assertNoRegistrationPage() {
        assertFalse(onKeycloaksTotpSetUp(), "Keycloak's authenticator-app set-up");
        assertTrue(driver.driver().findElements(By.id("registerWebAuthn")).isEmpty(), "Keycloak's security-key set-up");
        assertFalse(browser().showsTotpEnrollment(), "the bundle's app enrollment");
        assertFalse(browser().showsPushEnrollment(), "the bundle's phone enrollment");
    }

    /** Scans Keycloak's set-up page's QR code into a new app and confirms with its first code and a device name. */
    private void setUpKeycloaksTotp() throws Exception {
        AuthenticatorApp app = AuthenticatorApp.scan(
                driver.findElement(By.id("kc-totp-secret-qr-code")).getAttribute("src"));
        driver.findElement(By.id("totp")).sendKeys(app.currentCode());
        driver.findElement(By.id("userLabel")).sendKeys("second phone");
        driver.findElement(By.id("saveTOTPBtn")).click();
    }

    private boolean onKeycloaksTotpSetUp() {
        return !driver.driver().findElements(By.id("kc-totp-secret-qr-code")).isEmpty();
    }

    /** The user's credentials other than the password. */
    /** The user's second factors: the credentials but the password and remembered browsers (which are none). */
    private List<CredentialRepresentation> factors(String username) {
        return realm.admin().users().get(DemoRealm.userId(realm, username)).credentials().stream()
                .filter(c -> !CredentialRepresentation.PASSWORD.equals(c.getType()))
                .filter(c -> !"mfa-remembered-device".equals(c.getType())).toList();
    }

    private void requireAction(String username, String action) {
        UserRepresentation user = realm.admin().users().get(DemoRealm.userId(realm, username)).toRepresentation();
        user.setRequiredActions(List.of(action));
        realm.admin().users().get(user.getId()).update(user);
    }

    /** An admin changes the policy of /mobile to allow one method only (undone after the test). */
    private void onlyMethodOfMobile(String method) {
        realm.updateWithCleanup(r -> r.attribute(DemoRealm.groupPolicyAttribute(realm, "/mobile"),
                "{\"enforcement\":\"required\",\"methods\":[\"" + method + "\"]}"));
    }

    private List<String> factorTypes(String username) {
        return factors(username).stream().map(CredentialRepresentation::getType).sorted().toList();
    }

    /** "Set up push approval" is registered in the realm once, as an admin does in the console. */
    private void registerPushEnrollmentAction() {
        DemoRealm.registerRequiredAction(realm, PUSH_ENROLL, "Set up push approval");
    }
}
