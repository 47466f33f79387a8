package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keycloak.events.EventType;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.testframework.annotations.InjectEvents;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.events.Events;
import org.keycloak.testframework.mail.MailServer;
import org.keycloak.testframework.mail.annotations.InjectMailServer;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Recovery codes as the demo realm's /staff/finance offers them (TOTP required, 3 attempts): set up right after the
 * app, a code signs in once (the user is mailed and sets up a new app), a spent or wrong code is refused and wrong
 * ones count for brute-force protection, the last one asks for new codes; {@code require} cannot be skipped, and a
 * session that skipped MFA sets no codes up.
 */
@Tag("security")
@KeycloakIntegrationTest(config = MfaServerConfig.class)
class RecoveryCodesTest extends DemoRealmBrowserTest {

    private static final String CODES = "recovery-authn-codes";
    private static final List<String> TWO_CODES = List.of("AAAABBBBCCCC", "DDDDEEEEFFFF");

    @InjectMailServer
    MailServer mail;

    @InjectEvents
    Events events;

    LoginBrowser browser;
    MethodChooser chooser;
    RecoveryCodePages codes;
    Mailbox mailbox;

    @BeforeEach
    void openBrowser() {
        browser = new LoginBrowser(driver, oauth, realm);
        chooser = new MethodChooser(driver);
        codes = new RecoveryCodePages(driver);
        mailbox = new Mailbox(mail);
    }

    @Test
    void codesAreOfferedRightAfterTheAppThenOneSignsInOnceMailsTheUserAndAsksForANewApp() throws Exception {
        String username = DemoRealm.createUser(realm, "fin", DemoRealm.FINANCE);
        browser.logInWithPassword(username);
        AuthenticatorApp app = AuthenticatorApp.scan(browser.qrCodeImage());
        browser.finishEnrollment(app.currentCode(), "phone");

        assertTrue(codes.showsOffer(), browser.pageText());
        codes.acceptOffer();
        assertTrue(codes.showsNewCodes(), browser.pageText());
        List<String> saved = codes.saveNewCodes();
        assertEquals(12, saved.size());
        assertNotNull(oauth.parseLoginResponse().getCode(), browser.pageText());
        assertEquals(List.of("otp", CODES), factorTypes(username));

        events.skipAll();
        int mails = mailbox.count();
        signInWithACode(username, saved.get(0));
        assertTrue(onKeycloaksTotpSetUp(), "the code stood in for the app: a new one is set up " + browser.pageText());
        setUpKeycloaksTotp();
        assertNotNull(oauth.parseLoginResponse().getCode(), browser.pageText());
        EventRepresentation used = LoginEvents.next(events, EventType.UPDATE_CREDENTIAL);
        assertEquals("recovery-codes", used.getDetails().get("mfa_method"));
        assertEquals("11", used.getDetails().get("mfa_recovery_codes_left"));
        assertEquals(11, unusedCodes(username));

        MimeMessage notice = mailbox.nth(mails + 1);
        assertTrue(notice.getSubject().contains("A recovery code was used"), notice.getSubject());
        String text = Mailbox.plainText(notice);
        assertTrue(text.contains("You have 11 recovery codes left."), text);
        assertTrue(text.contains("127.0.0.1"), text);

        signInWithACode(username, saved.get(0));
        assertTrue(codes.asksForACode(), "a spent code is refused");
        assertTrue(browser.pageText().contains("Invalid code"), browser.pageText());
        codes.enterCode(saved.get(1).toLowerCase());
        assertTrue(onKeycloaksTotpSetUp(), "the next code, typed in small letters, signs in " + browser.pageText());
    }

    @Test
    void aUserWithoutCodesIsNotOfferedThemAndNotNowSetsNothingUp() throws Exception {
        String username = DemoRealm.createUser(realm, "later", DemoRealm.FINANCE);
        browser.logInWithPassword(username);
        AuthenticatorApp app = AuthenticatorApp.scan(browser.qrCodeImage());
        browser.finishEnrollment(app.currentCode(), "phone");
        events.skipAll();
        codes.declineOffer();
        assertNotNull(oauth.parseLoginResponse().getCode(), browser.pageText());
        EventRepresentation login = LoginEvents.next(events, EventType.LOGIN);
        assertEquals("postponed", login.getDetails().get("mfa_recovery_codes"), login.getDetails().toString());
        assertEquals(List.of("otp"), factorTypes(username));

        browser.logInWithPassword(username);
        assertTrue(browser.showsTotpCodeForm());
        assertFalse(chooser.offersAnotherWay(), "no codes: no other way");
        browser.enterTotp(app.nextCode());
        assertNotNull(oauth.parseLoginResponse().getCode(), "offered once only: " + browser.pageText());
    }

    @Test
    void aSecurityKeySetUpByKeycloaksPageInTheLoginIsFollowedByTheOffer() throws Exception {
        realm.updateWithCleanup(r -> r.attribute(DemoRealm.groupPolicyAttribute(realm, DemoRealm.ADMINS),
                "{\"enforcement\":\"required\",\"methods\":[\"webauthn\"],\"recoveryCodes\":\"offer\"}"));
        String username = DemoRealm.createUser(realm, "key", DemoRealm.ADMINS);
        try (ChromeWindow window = ChromeWindow.open()) {
            window.plugInAuthenticator(false);
            WebAuthnPages key = new WebAuthnPages(window.driver());
            RecoveryCodePages pages = new RecoveryCodePages(window.driver());
            new LoginBrowser(window.driver(), oauth, realm).logInWithPassword(username);
            assertTrue(key.showsSetUpPage(), key.describe());
            key.setUp("my key");

            assertTrue(pages.showsOffer(), "after the key, the offer: " + key.describe());
            pages.acceptOffer();
            assertEquals(12, pages.saveNewCodes().size());
            new WebDriverWait(window.driver().driver(), Duration.ofSeconds(20))
                    .until(ExpectedConditions.urlContains("code="));
            assertEquals(List.of(CODES, "webauthn"), factorTypes(username));
        }
    }

    @Test
    void wrongCodesAreLimitedPerLoginAndCountedByBruteForceProtection() throws Exception {
        String username = DemoRealm.createUserWithAppAndRecoveryCodes(realm, "guess", TWO_CODES, DemoRealm.FINANCE);
        events.skipAll();

        signInWithACode(username, "WRONGWRONG00");
        for (int attempt = 2; attempt < DemoRealm.STAFF_MAX_ATTEMPTS; attempt++) {
            assertTrue(codes.asksForACode(), "attempt " + attempt + " may be retried");
            Thread.sleep(1500); // slower than the realm's quick-login check, as a person
            codes.enterCode("WRONGWRONG0" + attempt);
        }
        Thread.sleep(1500);
        codes.enterCode("WRONGWRONG99");

        assertTrue(browser.showsPasswordForm(), "after the last attempt the login starts over");
        assertTrue(browser.pageText().contains("Too many failed attempts"), browser.pageText());
        assertEquals(DemoRealm.STAFF_MAX_ATTEMPTS,
                DemoRealm.awaitBruteForceFailures(realm, username, DemoRealm.STAFF_MAX_ATTEMPTS));
        EventRepresentation error = LoginEvents.next(events, EventType.LOGIN_ERROR);
        assertEquals("recovery-codes", error.getDetails().get("mfa_method"));
        assertEquals("invalid_code", error.getError());
    }

    @Test
    void aUserLockedByBruteForceProtectionIsRefusedEvenWithTheRightCode() throws Exception {
        String username = DemoRealm.createUserWithAppAndRecoveryCodes(realm, "locked", TWO_CODES, DemoRealm.FINANCE);

        signInWithACode(username, "WRONGWRONG00");
        // two failures within the realm's quick-login window (1 s) lock the user for a minute
        codes.enterCode("WRONGWRONG01");
        DemoRealm.awaitBruteForceFailures(realm, username, 2);
        codes.enterCode(TWO_CODES.get(0));

        assertTrue(codes.asksForACode());
        assertTrue(browser.pageText().contains("Invalid code"), "a locked account is not told apart");
        assertEquals(2, unusedCodes(username), "no code was spent");
    }

    @Test
    void theLastCodeSignsInAndKeycloakAsksForNewCodes() throws Exception {
        String username = DemoRealm.createUserWithAppAndRecoveryCodes(realm, "last", TWO_CODES.subList(0, 1),
                DemoRealm.FINANCE);
        int mails = mailbox.count();

        signInWithACode(username, TWO_CODES.get(0));
        boolean newCodesAsked = false;
        for (int page = 0; page < 2 && !driver.getCurrentUrl().contains("code="); page++) {
            if (codes.showsNewCodes()) {
                newCodesAsked = true;
                assertFalse(codes.offersToCancel(), "the user must save new codes");
                codes.saveNewCodes();
            } else if (onKeycloaksTotpSetUp()) {
                setUpKeycloaksTotp();
            }
        }
        assertTrue(newCodesAsked, browser.pageText());
        assertNotNull(oauth.parseLoginResponse().getCode(), browser.pageText());
        assertEquals(12, unusedCodes(username));
        String text = Mailbox.plainText(mailbox.nth(mails + 1));
        assertTrue(text.contains("You have no recovery codes left"), text);
    }

    @Test
    void requireSetsCodesUpAfterTheSecondFactorWithNoWayRound() throws Exception {
        realm.updateWithCleanup(r -> r.attribute(DemoRealm.groupPolicyAttribute(realm, DemoRealm.FINANCE),
                "{\"recoveryCodes\":\"require\"}"));
        String username = DemoRealm.createUserWithAuthenticatorApp(realm, "must", DemoRealm.FINANCE);
        AuthenticatorApp app = AuthenticatorApp.fromSecret(DemoRealm.APP_SECRET_BASE32);

        browser.logInWithPassword(username);
        browser.enterTotp(app.currentCode());
        assertFalse(codes.showsOffer(), "no offer: required");
        assertTrue(codes.showsNewCodes(), browser.pageText());
        assertFalse(codes.offersToCancel());

        browser.logInWithPassword(username);
        browser.enterTotp(app.nextCode());
        assertTrue(codes.showsNewCodes(), "a login that left the page is asked again " + browser.pageText());
        codes.saveNewCodes();
        assertNotNull(oauth.parseLoginResponse().getCode(), browser.pageText());
    }

    @Test
    void aSessionThatSkippedMfaSetsNoCodesUpWithoutTheApp() throws Exception {
        String username = DemoRealm.createUserWithAuthenticatorApp(realm, "office", DemoRealm.OFFICE);
        browser.logInWithPassword(username);
        assertNotNull(oauth.parseLoginResponse().getCode(), "the office network skips MFA");

        oauth.loginForm().kcAction("CONFIGURE_RECOVERY_AUTHN_CODES").open();
        assertFalse(codes.showsNewCodes(), "the SSO cookie of a session that skipped MFA is not enough");
        browser.enterPasswordAgain(username);
        assertTrue(browser.showsTotpCodeForm(), browser.pageText());
        assertFalse(codes.showsNewCodes());
        browser.enterTotp(AuthenticatorApp.fromSecret(DemoRealm.APP_SECRET_BASE32).currentCode());
        assertTrue(codes.showsNewCodes(), "once the app has passed " + browser.pageText());
    }

    @Test
    void codesAreNeverAUsersOnlyFactor() throws Exception {
        String username = DemoRealm.createUser(realm, "guest", DemoRealm.GUESTS);
        browser.logInWithPassword(username);
        assertNotNull(oauth.parseLoginResponse().getCode(), "optional policy, nothing enrolled: password only");

        oauth.loginForm().kcAction("CONFIGURE_RECOVERY_AUTHN_CODES").open();

        assertFalse(codes.showsNewCodes());
        assertTrue(browser.pageText().contains("Please set up an authenticator app or another second factor first"),
                browser.pageText());
        assertEquals(List.of(), factorTypes(username));
    }

    @Test
    void aToolCannotSpendACodeAndIsToldTheOtherMethods() throws Exception {
        String username = DemoRealm.createUserWithAppAndRecoveryCodes(realm, "tool", TWO_CODES, DemoRealm.FINANCE);

        HttpResponse<String> refused = PasswordGrant.send(realm, PasswordGrant.DEMO_CLI, username,
                Map.of("mfa_method", "recovery-codes"));

        assertEquals(400, refused.statusCode());
        assertTrue(refused.body().contains("it can use: totp"), refused.body());
        assertEquals(2, unusedCodes(username));
    }

    /** A fresh login to the app page that asks for the app's code, then "Try another way", "Use a recovery code". */
    private void signInWithACode(String username, String code) {
        browser.logInWithPassword(username);
        chooser.tryAnotherWay();
        assertEquals(List.of("totp", "recovery-codes"), chooser.offered(), "codes last");
        assertTrue(browser.pageText().contains("Use a recovery code") || browser.pageText().contains("Recovery code"),
                browser.pageText());
        chooser.choose("recovery-codes");
        assertTrue(codes.asksForACode(), browser.pageText());
        codes.enterCode(code);
    }

    private boolean onKeycloaksTotpSetUp() {
        return !driver.driver().findElements(By.id("kc-totp-secret-qr-code")).isEmpty();
    }

    private void setUpKeycloaksTotp() throws Exception {
        AuthenticatorApp app = AuthenticatorApp.scan(
                driver.findElement(By.id("kc-totp-secret-qr-code")).getAttribute("src"));
        driver.findElement(By.id("totp")).sendKeys(app.currentCode());
        driver.findElement(By.id("userLabel")).sendKeys("new phone");
        driver.findElement(By.id("saveTOTPBtn")).click();
    }

    private List<String> factorTypes(String username) {
        return credentials(username).stream().map(CredentialRepresentation::getType)
                .filter(t -> !CredentialRepresentation.PASSWORD.equals(t)).sorted().toList();
    }

    private int unusedCodes(String username) {
        return credentials(username).stream().filter(c -> CODES.equals(c.getType()))
                .mapToInt(c -> Integer.parseInt(
                        c.getCredentialData().replaceAll(".*\"remaining(Codes)?\":(\\d+).*", "$2")))
                .sum();
    }

    private List<CredentialRepresentation> credentials(String username) {
        return realm.admin().users().get(DemoRealm.userId(realm, username)).credentials();
    }
}
