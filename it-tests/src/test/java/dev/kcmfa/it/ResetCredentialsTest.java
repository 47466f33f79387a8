package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.kcmfa.devicecli.PushDevice;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.UserResource;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.mail.MailServer;
import org.keycloak.testframework.mail.annotations.InjectMailServer;
import org.keycloak.testframework.remote.timeoffset.InjectTimeOffSet;
import org.keycloak.testframework.remote.timeoffset.TimeOffSet;
import org.openqa.selenium.WebDriverException;

/**
 * "Forgot password" in the demo realm: the mailed link alone never logs a user in nor resets a factor. The reset
 * flow asks for the second factor by the same policy as the browser login before the new password is set.
 */
@Tag("security")
@KeycloakIntegrationTest(config = MfaServerConfig.class)
class ResetCredentialsTest extends PushBrowserTest {

    @InjectMailServer
    MailServer mail;

    @InjectTimeOffSet
    TimeOffSet timeOffSet;

    @InjectAdminClient
    Keycloak adminClient;

    Mailbox mailbox;
    LoginBrowser browser;
    ForgotPassword forgot;

    @BeforeEach
    void openInboxAndBrowser() {
        mailbox = new Mailbox(mail);
        browser = new LoginBrowser(driver, oauth, realm);
        forgot = new ForgotPassword(driver, oauth, browser, mailbox);
    }

    @Test
    void aPushUserIsAskedForTheirPhoneBeforeAnyNewPasswordAndApprovingLogsThemIn() throws Exception {
        PushDevice phone = enrolledPhone("frank");
        long passwordSetAt = passwordCreatedDate(username);

        forgot.followTheLink(username, mailbox.count() + 1);

        assertTrue(browser.showsPushNumber(), "the phone is asked for first: " + browser.pageText());
        assertFalse(forgot.showsNewPasswordForm());
        assertTrue(user().getUserSessions().isEmpty(), "the mailed link alone logged nobody in");
        assertEquals(200, phone.approve(onlyPending(phone), browser.pushNumber()).status());
        browser.awaitPushOutcome();
        assertTrue(forgot.showsNewPasswordForm(), browser.pageText());
        forgot.setNewPassword("a new password for frank");

        String code = oauth.parseLoginResponse().getCode();
        assertNotNull(code, "approved on the phone, the new password logs in: " + driver.getCurrentUrl());
        assertNotNull(oauth.doAccessTokenRequest(code).getAccessToken());
        assertNotEquals(passwordSetAt, passwordCreatedDate(username), "the password was replaced");
    }

    @Test
    void denyingOnThePhoneGivesNoSessionAndKeepsThePassword() throws Exception {
        PushDevice phone = enrolledPhone("frank-denies");
        long passwordSetAt = passwordCreatedDate(username);
        forgot.followTheLink(username, mailbox.count() + 1);

        assertEquals("denied", phone.deny(onlyPending(phone)).field("status"));
        browser.awaitPushOutcome();

        assertTrue(awaitPageText("The sign-in was denied on your phone."), driver.driver().getPageSource());
        assertFalse(forgot.showsNewPasswordForm());
        assertTrue(user().getUserSessions().isEmpty());
        assertEquals(passwordSetAt, passwordCreatedDate(username));
    }

    @Test
    void aPhoneThatDoesNotAnswerGivesNoSession() throws Exception {
        enrolledPhone("frank-silent");
        long passwordSetAt = passwordCreatedDate(username);
        forgot.followTheLink(username, mailbox.count() + 1);
        assertTrue(browser.showsPushNumber(), browser.pageText());

        browser.refresh();
        assertTrue(browser.showsPushNumber(), "still waiting for the phone");
        timeOffSet.set(Duration.ofSeconds(95));
        browser.awaitPushOutcome();

        assertTrue(awaitPageText("The sign-in request expired"), driver.driver().getPageSource());
        assertFalse(forgot.showsNewPasswordForm());
        assertTrue(user().getUserSessions().isEmpty());
        assertEquals(passwordSetAt, passwordCreatedDate(username));
    }

    @Test
    void anAppUserIsAskedForACodeAndNeverOfferedANewAuthenticator() throws Exception {
        username = DemoRealm.createUserWithAuthenticatorApp(realm, "alice", DemoRealm.ENGINEERING);
        AuthenticatorApp app = AuthenticatorApp.fromSecret(DemoRealm.APP_SECRET_BASE32);
        List<String> appsBefore = otpCredentialIds();

        forgot.followTheLink(username, mailbox.count() + 1);

        assertTrue(browser.showsTotpCodeForm(), browser.pageText());
        assertFalse(browser.showsTotpEnrollment(), "no new authenticator for whoever reads the mailbox");
        assertFalse(forgot.showsNewPasswordForm());
        assertTrue(user().getUserSessions().isEmpty());
        browser.enterTotp(app.nextCode());
        assertTrue(forgot.showsNewPasswordForm(), browser.pageText());
        forgot.setNewPassword("a new password for alice");

        assertNotNull(oauth.parseLoginResponse().getCode(), driver.getCurrentUrl());
        assertEquals(appsBefore, otpCredentialIds(), "the same authenticator app, and no other");
    }

    /** With no factor to ask for, the reset enrolls one as the first login would (docs/flows.md says why). */
    @Test
    void aUserWhoHoldsNoFactorYetSetsUpTheAppOnTheWayAsAtTheFirstLogin() throws Exception {
        username = DemoRealm.createUser(realm, "new-staff", DemoRealm.ENGINEERING);

        forgot.followTheLink(username, mailbox.count() + 1);

        assertTrue(browser.showsTotpEnrollment(), browser.pageText());
        assertFalse(forgot.showsNewPasswordForm());
        AuthenticatorApp app = AuthenticatorApp.scan(browser.qrCodeImage());
        browser.finishEnrollment(app.currentCode(), "phone");
        assertTrue(forgot.showsNewPasswordForm(), browser.pageText());
        forgot.setNewPassword("a new password");
        assertNotNull(oauth.parseLoginResponse().getCode(), driver.getCurrentUrl());
        assertEquals(1, otpCredentialIds().size());
    }

    @Test
    void wrongCodesCountAsInTheBrowserLoginAndEndTheReset() throws Exception {
        username = DemoRealm.createUserWithAuthenticatorApp(realm, "alice-guesses", DemoRealm.ENGINEERING);
        AuthenticatorApp app = AuthenticatorApp.fromSecret(DemoRealm.APP_SECRET_BASE32);
        long passwordSetAt = passwordCreatedDate(username);
        forgot.followTheLink(username, mailbox.count() + 1);

        for (int attempt = 1; attempt < DemoRealm.STAFF_MAX_ATTEMPTS; attempt++) {
            browser.enterTotp(app.wrongCode());
            assertTrue(browser.pageText().contains("Invalid code. Please try again."), browser.pageText());
            pauseLikeAPerson();
        }
        browser.enterTotp(app.wrongCode());

        assertTrue(browser.pageText().contains("Too many failed attempts"), browser.pageText());
        assertFalse(forgot.showsNewPasswordForm());
        assertEquals(DemoRealm.STAFF_MAX_ATTEMPTS,
                DemoRealm.awaitBruteForceFailures(realm, username, DemoRealm.STAFF_MAX_ATTEMPTS));
        assertTrue(user().getUserSessions().isEmpty());
        assertEquals(passwordSetAt, passwordCreatedDate(username));
    }

    @Test
    void anEmailCodeUserIsNotLetInByTheSameMailboxTwice() throws Exception {
        username = DemoRealm.createUser(realm, "erin", DemoRealm.CONTRACTORS);
        long passwordSetAt = passwordCreatedDate(username);
        int linkMail = mailbox.count() + 1;

        forgot.followTheLink(username, linkMail);

        assertTrue(browser.pageText().contains("A code by email cannot confirm a password reset"), browser.pageText());
        assertFalse(browser.showsEmailCodeForm());
        assertFalse(forgot.showsNewPasswordForm());
        assertEquals(linkMail, mailbox.count(), "no code was mailed: the link was the only mail");
        assertTrue(user().getUserSessions().isEmpty());
        assertEquals(passwordSetAt, passwordCreatedDate(username));
    }

    @Test
    void aUserWhosePolicyPutsEmailFirstIsAskedForTheirAppInstead() throws Exception {
        username = DemoRealm.createUserWithAuthenticatorApp(realm, "email-then-app", DemoRealm.GUESTS);
        AuthenticatorApp app = AuthenticatorApp.fromSecret(DemoRealm.APP_SECRET_BASE32);
        MfaAdminApi admin = new MfaAdminApi(realm, adminClient.tokenManager().getAccessTokenString());
        assertEquals(204, admin.put(MfaAdminApi.policyPath("user:" + DemoRealm.userId(realm, username)),
                "{\"enforcement\":\"required\",\"methods\":[\"email\",\"totp\"]}").status());
        int linkMail = mailbox.count() + 1;

        forgot.followTheLink(username, linkMail);

        assertTrue(browser.showsTotpCodeForm(), "the next method of the policy: " + browser.pageText());
        assertEquals(linkMail, mailbox.count(), "no code to the mailbox the link came to");
        browser.enterTotp(app.nextCode());
        assertTrue(forgot.showsNewPasswordForm(), browser.pageText());
        forgot.setNewPassword("a new password");
        assertNotNull(oauth.parseLoginResponse().getCode(), driver.getCurrentUrl());
    }

    @Test
    void aUserWhosePolicyIsOffResetsWithTheMailAlone() throws Exception {
        username = DemoRealm.createUser(realm, "dave", DemoRealm.EXEMPT);

        forgot.followTheLink(username, mailbox.count() + 1);

        assertTrue(forgot.showsNewPasswordForm(), "policy off: no second factor: " + browser.pageText());
        forgot.setNewPassword("a new password for dave");
        assertNotNull(oauth.parseLoginResponse().getCode(), driver.getCurrentUrl());
    }

    /**
     * The reset flow asks for the same second factor as the browser flow: the same step "MFA - second factor",
     * required, with the same settings (a shared config would be deleted with either flow).
     */
    @Test
    void theResetFlowRunsTheBrowserFlowsSecondFactorStep() {
        assertEquals(secondFactor("mfa browser"), secondFactor("mfa reset credentials"));
    }

    private String secondFactor(String flow) {
        AuthenticationExecutionInfoRepresentation step = realm.admin().flows().getExecutions(flow).stream()
                .filter(e -> "mfa-second-factor".equals(e.getProviderId())).findFirst().orElseThrow();
        Map<String, String> settings = step.getAuthenticationConfig() == null ? Map.of()
                : realm.admin().flows().getAuthenticatorConfig(step.getAuthenticationConfig()).getConfig();
        return step.getProviderId() + " " + step.getRequirement() + " " + settings;
    }

    private String username;

    /** A user of /mobile with a phone enrolled through a login, signed out and without sessions. */
    private PushDevice enrolledPhone(String prefix) throws Exception {
        username = DemoRealm.createUser(realm, prefix, DemoRealm.MOBILE);
        PushDevice phone = browser.enrollPhone(username, prefix + " phone", "fcm-" + prefix);
        assertNotNull(oauth.parseLoginResponse().getCode());
        browser.signOut();
        user().logout();
        return phone;
    }

    private static PushDevice.Challenge onlyPending(PushDevice phone) throws Exception {
        List<PushDevice.Challenge> pending = phone.pending();
        assertEquals(1, pending.size(), "one pending challenge: " + pending);
        return pending.get(0);
    }

    private UserResource user() {
        return realm.admin().users().get(DemoRealm.userId(realm, username));
    }

    private long passwordCreatedDate(String name) {
        return realm.admin().users().get(DemoRealm.userId(realm, name)).credentials().stream()
                .filter(c -> CredentialRepresentation.PASSWORD.equals(c.getType())).findFirst().orElseThrow()
                .getCreatedDate();
    }

    private List<String> otpCredentialIds() {
        return user().credentials().stream().filter(c -> "otp".equals(c.getType()))
                .map(CredentialRepresentation::getId).toList();
    }

    /** The page the push page's script loads in the background can be half there: look again for up to 5 s. */
    private boolean awaitPageText(String text) throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            try {
                if (browser.pageText().contains(text)) {
                    return true;
                }
            } catch (WebDriverException e) {
                // not loaded yet
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** Two failures within the realm's quick-login window (1 s) would lock the user for a minute. */
    private static void pauseLikeAPerson() throws InterruptedException {
        Thread.sleep(1500);
    }
}
