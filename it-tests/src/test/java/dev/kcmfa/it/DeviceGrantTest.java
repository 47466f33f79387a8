package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kcmfa.devicecli.PushDevice;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

/**
 * Command-line tools on the device authorization grant (RFC 8628): the tool (Nimbus) polls the token endpoint while
 * a browser on "another device" opens its page, passes the password and the policy's second factor and consents;
 * the tool's ID token then says {@code acr} mfa and {@code amr} otp, or, approved on a phone (the reference device)
 * with the browser's number, {@code amr} swk and user. The password alone, a wrong code, a denial on the consent page
 * and a denial on the phone never give the tool tokens; an SSO session that skipped MFA (trusted network) completes
 * the page, as the policy allows, but its tokens never claim mfa. An essential {@code acr} in the tool's request never
 * reaches the login. The password grant of the same client, side by side, says the same.
 */
@KeycloakIntegrationTest(config = MfaServerConfig.class)
class DeviceGrantTest extends PushBrowserTest {

    private static final Duration TOOL_GIVES_UP = Duration.ofSeconds(90);
    private static final String PENDING = "authorization_pending";

    private LoginBrowser browser;
    private DeviceLoginPage devicePage;
    private final AuthenticatorApp app = AuthenticatorApp.fromSecret(DemoRealm.APP_SECRET_BASE32);

    @BeforeEach
    void pagesAndTheDefaultCodeLifespan() {
        browser = new LoginBrowser(driver, oauth, realm);
        devicePage = new DeviceLoginPage(driver);
        // the demo realm allows demo-cli the device grant; this sets the realm's default lifespan back after the test
        // that shortens it
        realm.updateClientWithCleanup(DeviceGrantTool.DEMO_CLI, c -> c.attribute("oauth2.device.code.lifespan", "600"));
    }

    @Test
    void anEngineerPassesTheAppOnTheBrowserAndTheToolGetsTokensSayingMfaAndOtp() throws Exception {
        String user = DemoRealm.createUserWithAuthenticatorApp(realm, "engineer", DemoRealm.ENGINEERING);
        DeviceGrantTool tool = DeviceGrantTool.signIn(realm);
        CompletableFuture<DeviceGrantTool.Outcome> polling = tool.pollUntilAnswered(TOOL_GIVES_UP);

        browser.logInWithPasswordAt(user, tool.verificationUriComplete());
        assertTrue(browser.showsTotpCodeForm(), browser.pageText());
        browser.enterTotp(app.currentCode());
        assertTrue(devicePage.asksForConsent(), "Keycloak asks every device grant: " + devicePage.text());
        devicePage.grantAccess();
        assertTrue(devicePage.text().contains("Device Login Successful"), devicePage.text());

        DeviceGrantTool.Outcome outcome = polling.get();
        assertTrue(outcome.gotTokens(), "the tool's last answer: " + outcome.error());
        assertEquals(new AppIdToken("mfa", List.of("pwd", "otp", "mfa")),
                AppIdToken.of(realm, DeviceGrantTool.DEMO_CLI, outcome.idToken()));
    }

    @Test
    void thePasswordAloneStopsAtTheAppsPageAndTheToolStaysPending() throws Exception {
        String user = DemoRealm.createUserWithAuthenticatorApp(realm, "halfway", DemoRealm.ENGINEERING);
        DeviceGrantTool tool = DeviceGrantTool.signIn(realm);

        browser.logInWithPasswordAt(user, tool.verificationUriComplete());
        assertTrue(browser.showsTotpCodeForm(), browser.pageText());

        DeviceGrantTool.Outcome outcome = tool.pollUntilAnswered(Duration.ofSeconds(12)).get();
        assertFalse(outcome.gotTokens());
        assertEquals(PENDING, outcome.error(), "still pending when the tool gave up: " + outcome);
    }

    @Test
    void denyingOnTheBrowserGivesTheToolAccessDenied() throws Exception {
        String user = DemoRealm.createUserWithAuthenticatorApp(realm, "denier", DemoRealm.ENGINEERING);
        DeviceGrantTool tool = DeviceGrantTool.signIn(realm);
        CompletableFuture<DeviceGrantTool.Outcome> polling = tool.pollUntilAnswered(TOOL_GIVES_UP);

        browser.logInWithPasswordAt(user, tool.verificationUriComplete());
        browser.enterTotp(app.currentCode());
        devicePage.denyAccess();
        assertTrue(devicePage.text().contains("Consent denied for connecting the device."), devicePage.text());

        DeviceGrantTool.Outcome outcome = polling.get();
        assertFalse(outcome.gotTokens());
        assertEquals("access_denied", outcome.error(), outcome.toString());
    }

    @Test
    void aPhoneApprovesWithTheBrowsersNumberAndTheToolGetsTokensSayingMfaAndTheDeviceKey() throws Exception {
        String user = DemoRealm.createUser(realm, "pusher", DemoRealm.MOBILE);
        PushDevice phone = browser.enrollPhone(user, "phone", PushPhones.fcmToken(user));
        DeviceGrantTool tool = DeviceGrantTool.signIn(realm);
        CompletableFuture<DeviceGrantTool.Outcome> polling = tool.pollUntilAnswered(TOOL_GIVES_UP);

        browser.logInWithPasswordAt(user, tool.verificationUriComplete());
        assertTrue(browser.showsPushNumber(), browser.pageText());
        phone.approve(phone.pending().get(0), browser.pushNumber());
        browser.awaitPushOutcome();
        assertTrue(devicePage.asksForConsent(), "the phone's approval passed the factor: " + devicePage.text());
        devicePage.grantAccess();

        DeviceGrantTool.Outcome outcome = polling.get();
        assertTrue(outcome.gotTokens(), "the tool's last answer: " + outcome.error());
        assertEquals(new AppIdToken("mfa", List.of("pwd", "swk", "user", "mfa")),
                AppIdToken.of(realm, DeviceGrantTool.DEMO_CLI, outcome.idToken()));
    }

    /**
     * A denial on the phone fails the browser's login (Keycloak's login page again, with the bundle's message), as a
     * wrong password would; the device code stays pending, for the person to try again before it expires. Only a
     * "No" on Keycloak's consent page denies the code itself ({@code access_denied}).
     */
    @Test
    void aDenialOnThePhoneLeavesTheToolPendingUntilTheCodeExpires() throws Exception {
        String user = DemoRealm.createUser(realm, "refuser", DemoRealm.MOBILE);
        PushDevice phone = browser.enrollPhone(user, "phone", PushPhones.fcmToken(user));
        realm.updateClientWithCleanup(DeviceGrantTool.DEMO_CLI, c -> c.attribute("oauth2.device.code.lifespan", "20"));
        DeviceGrantTool tool = DeviceGrantTool.signIn(realm);
        CompletableFuture<DeviceGrantTool.Outcome> polling = tool.pollUntilAnswered(TOOL_GIVES_UP);

        browser.logInWithPasswordAt(user, tool.verificationUriComplete());
        assertTrue(browser.showsPushNumber(), browser.pageText());
        assertEquals("denied", phone.deny(phone.pending().get(0)).field("status"));
        browser.awaitPushOutcome();
        assertTrue(browser.pageText().contains("The sign-in was denied on your phone."), browser.pageText());

        DeviceGrantTool.Outcome outcome = polling.get();
        assertFalse(outcome.gotTokens());
        assertEquals("expired_token", outcome.error(), outcome.toString());
        assertTrue(outcome.whilePolling().stream().allMatch(PENDING::equals), outcome.toString());
    }

    /**
     * Keycloak's device endpoint keeps neither {@code claims} nor {@code acr_values} for the browser's login (its
     * device code holds the scope, nonce, PKCE and unknown parameters only): a tool asking, as essential, for a level
     * no login gives is not refused, as a browser app is; its tokens say what the login passed.
     */
    @Test
    void anEssentialLevelAskedAtTheDeviceEndpointNeverReachesTheLogin() throws Exception {
        String user = DemoRealm.createUserWithAuthenticatorApp(realm, "gold", DemoRealm.ENGINEERING);
        DeviceGrantTool tool = DeviceGrantTool.signIn(realm, Map.of("claims", AppIdToken.essentialAcr("3")));
        CompletableFuture<DeviceGrantTool.Outcome> polling = tool.pollUntilAnswered(TOOL_GIVES_UP);

        browser.logInWithPasswordAt(user, tool.verificationUriComplete());
        assertTrue(browser.showsTotpCodeForm(), "not refused after the password: " + browser.pageText());
        browser.enterTotp(app.currentCode());
        devicePage.grantAccess();

        DeviceGrantTool.Outcome outcome = polling.get();
        assertTrue(outcome.gotTokens(), "the tool's last answer: " + outcome.error());
        assertEquals("mfa", AppIdToken.of(realm, DeviceGrantTool.DEMO_CLI, outcome.idToken()).acr());
    }

    @Test
    void aWrongCodeOnThePageLeavesTheToolPendingUntilTheCodeExpires() throws Exception {
        realm.updateClientWithCleanup(DeviceGrantTool.DEMO_CLI, c -> c.attribute("oauth2.device.code.lifespan", "12"));
        DeviceGrantTool tool = DeviceGrantTool.signIn(realm);
        CompletableFuture<DeviceGrantTool.Outcome> polling = tool.pollUntilAnswered(TOOL_GIVES_UP);

        browser.signOut();
        devicePage.open(tool.verificationUri());
        assertTrue(devicePage.asksForTheCode(), devicePage.text());
        devicePage.enterUserCode("WXYZ-WXYZ".equals(tool.userCode()) ? "ABCD-ABCD" : "WXYZ-WXYZ");
        assertTrue(devicePage.text().contains("Invalid code, please try again."), devicePage.text());

        DeviceGrantTool.Outcome outcome = polling.get();
        assertFalse(outcome.gotTokens());
        assertEquals("expired_token", outcome.error(), outcome.toString());
        assertTrue(outcome.whilePolling().stream().allMatch(PENDING::equals), outcome.toString());
    }

    @Test
    void anSsoSessionThatSkippedMfaCompletesThePageButItsTokensNeverClaimMfa() throws Exception {
        String user = DemoRealm.createUserWithAuthenticatorApp(realm, "office", DemoRealm.OFFICE);
        browser.logInWithPassword(user); // skipped from 127.0.0.1 / ::1: a session at level 1
        DeviceGrantTool tool = DeviceGrantTool.signIn(realm);
        CompletableFuture<DeviceGrantTool.Outcome> polling = tool.pollUntilAnswered(TOOL_GIVES_UP);

        driver.open(tool.verificationUriComplete());
        assertFalse(browser.showsPasswordForm(), "the SSO session answers: " + devicePage.text());
        devicePage.grantAccess();

        DeviceGrantTool.Outcome outcome = polling.get();
        assertTrue(outcome.gotTokens(), outcome.toString());
        assertEquals(new AppIdToken("pwd", List.of("pwd")),
                AppIdToken.of(realm, DeviceGrantTool.DEMO_CLI, outcome.idToken()),
                "the session's level 1 (the password, within its max age), no second factor claimed");
    }

    @Test
    void thePasswordGrantWithTheAppsCodeSaysMfaAndOtpToo() throws Exception {
        String user = DemoRealm.createUserWithAuthenticatorApp(realm, "script", DemoRealm.ENGINEERING);

        HttpResponse<String> response = PasswordGrant.send(realm, PasswordGrant.DEMO_CLI, user,
                Map.of("scope", "openid", "mfa_method", "totp", "otp", app.currentCode()));

        assertEquals(200, response.statusCode(), response.body());
        String idToken = new ObjectMapper().readTree(response.body()).path("id_token").asText(null);
        // curl's request went to 127.0.0.1, the issuer the token names
        String realmUrl = realm.getBaseUrl().replace("//localhost:", "//127.0.0.1:");
        assertEquals(new AppIdToken("mfa", List.of("pwd", "otp", "mfa")),
                AppIdToken.of(realmUrl, DeviceGrantTool.DEMO_CLI, idToken));
    }
}
