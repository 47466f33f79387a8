package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.openid.connect.sdk.AuthenticationErrorResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationResponseParser;
import dev.kcmfa.devicecli.PushDevice;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

/**
 * What an app reads from its ID token (checked with Nimbus): {@code acr} by Keycloak's ACR-to-LoA mapping
 * ({@code pwd} = 1, {@code mfa} = 2) and {@code amr} by the bundle's mapper, after a password-only, an app, a push
 * and a trusted-network login; an app forcing a new login ({@code prompt=login}) gets the second factor though the
 * network is trusted; an app asking for {@code acr_values=mfa} gets the second factor from a user whose
 * policy is off; one asking for more than a second factor as essential comes back with the OpenID Connect error
 * {@code unmet_authentication_requirements} (read by Nimbus), and no code, as does one asking for {@code mfa} as
 * essential from a user who answers "Not now" to setting a factor up.
 */
@KeycloakIntegrationTest(config = MfaServerConfig.class)
class AppsSeeTheSecondFactorTest extends PushBrowserTest {

    private static final String UNMET = "unmet_authentication_requirements";
    private static final String STATE = "app-request-7";

    @InjectAdminClient
    Keycloak adminClient;

    private LoginBrowser browser;
    private final AuthenticatorApp app = AuthenticatorApp.fromSecret(DemoRealm.APP_SECRET_BASE32);

    /** The demo realm names the levels ({@code pwd}, {@code mfa}); the test app gets the amr mapper its clients have. */
    @BeforeEach
    void theTestAppReadsAmr() {
        browser = new LoginBrowser(driver, oauth, realm);
        AppIdToken.clientReadsAmr(realm, "test-app");
    }

    @Test
    void aPasswordOnlyLoginSaysPwd() throws Exception {
        String user = DemoRealm.createUser(realm, "guest", DemoRealm.GUESTS);

        browser.logInWithPassword(user);

        assertEquals(new AppIdToken("pwd", List.of("pwd")), AppIdToken.afterLogin(realm, oauth));
    }

    @Test
    void anAppCodeLoginSaysMfaAndOtp() throws Exception {
        String user = DemoRealm.createUserWithAuthenticatorApp(realm, "engineer", DemoRealm.ENGINEERING);

        browser.logInWithPassword(user);
        browser.enterTotp(app.currentCode());

        assertEquals(new AppIdToken("mfa", List.of("pwd", "otp", "mfa")), AppIdToken.afterLogin(realm, oauth));
    }

    @Test
    void aPushLoginSaysMfaAndTheDeviceKeyAndThePersonsApproval() throws Exception {
        String user = DemoRealm.createUser(realm, "phone", DemoRealm.MOBILE);
        PushDevice phone = browser.enrollPhone(user, "phone", "fcm-" + user);
        browser.signOut();

        browser.logInWithPassword(user);
        assertTrue(browser.showsPushNumber(), browser.pageText());
        phone.approve(phone.pending().get(0), browser.pushNumber());
        browser.awaitPushOutcome();

        assertEquals(new AppIdToken("mfa", List.of("pwd", "swk", "user", "mfa")),
                AppIdToken.afterLogin(realm, oauth));
    }

    @Test
    void aLoginFromATrustedNetworkClaimsNoSecondFactor() throws Exception {
        String user = DemoRealm.createUserWithAuthenticatorApp(realm, "office", DemoRealm.OFFICE);

        browser.logInWithPassword(user);

        assertEquals(new AppIdToken("pwd", List.of("pwd")), AppIdToken.afterLogin(realm, oauth),
                "skipped from 127.0.0.1 / ::1: the token does not claim the app");
    }

    @Test
    void anSsoSessionThatPassedOnlyThePasswordStepsUpWithoutTypingItAgain() throws Exception {
        String user = DemoRealm.createUserWithAuthenticatorApp(realm, "stepper", DemoRealm.OFFICE);
        browser.logInWithPassword(user);
        assertEquals("pwd", AppIdToken.afterLogin(realm, oauth).acr(), "trusted: no second factor");

        driver.open(oauth.loginForm().param("acr_values", "mfa").uiLocales("en").build()); // the same browser
        assertFalse(browser.showsPasswordForm(), "level 1 passed in this session: " + browser.pageText());
        assertTrue(browser.showsTotpCodeForm(), "the app asked for mfa: " + browser.pageText());
        browser.enterTotp(app.currentCode());

        assertEquals(new AppIdToken("mfa", List.of("pwd", "otp", "mfa")), AppIdToken.afterLogin(realm, oauth));
    }

    @Test
    void anSsoSessionOfAUserWithoutAFactorSignsInAgainBeforeSettingOneUp() throws Exception {
        String user = DemoRealm.createUser(realm, "newcomer", DemoRealm.GUESTS);
        MfaAdminApi admin = new MfaAdminApi(realm, adminClient.tokenManager().getAccessTokenString());
        String scope = MfaAdminApi.policyPath("user:" + DemoRealm.userId(realm, user));
        assertEquals(204, admin.put(scope, "{\"enforcement\":\"optional\",\"methods\":[\"totp\"]}").status());
        try {
            browser.logInWithPassword(user);
            assertEquals("pwd", AppIdToken.afterLogin(realm, oauth).acr(), "optional, no factor: none asked");

            driver.open(oauth.loginForm().param("acr_values", "mfa").uiLocales("en").build()); // the same browser
            assertFalse(browser.showsTotpEnrollment(), "the session's cookie alone sets up no factor");
            assertTrue(browser.showsPasswordForm(), "signs in again first: " + browser.pageText());
            browser.enterPasswordAgain(user);

            assertTrue(browser.showsTotpEnrollment(), "then sets up the app: " + browser.pageText());
        } finally {
            admin.delete(scope);
        }
    }

    @Test
    void anAppForcingANewLoginGetsTheSecondFactorThoughTheNetworkIsTrusted() throws Exception {
        String user = DemoRealm.createUserWithAuthenticatorApp(realm, "office", DemoRealm.OFFICE);
        browser.logInWithPassword(user);
        assertEquals("pwd", AppIdToken.afterLogin(realm, oauth).acr(), "trusted: no second factor");

        driver.open(oauth.loginForm().prompt("login").uiLocales("en").build()); // the same browser, signed in
        browser.enterPasswordAgain(user);
        assertTrue(browser.showsTotpCodeForm(), "prompt=login: the network spares nothing " + browser.pageText());
        browser.enterTotp(app.currentCode());

        assertEquals("mfa", AppIdToken.afterLogin(realm, oauth).acr());
    }

    @Test
    void anAppAskingForMfaGetsTheSecondFactorOfAUserWhosePolicyIsOff() throws Exception {
        String user = DemoRealm.createUserWithAuthenticatorApp(realm, "exempt", DemoRealm.EXEMPT);

        browser.logInWithPasswordAt(user, oauth.loginForm().param("acr_values", "mfa").uiLocales("en").build());
        assertTrue(browser.showsTotpCodeForm(), "the app asked for mfa: " + browser.pageText());
        browser.enterTotp(app.currentCode());

        assertEquals(new AppIdToken("mfa", List.of("pwd", "otp", "mfa")), AppIdToken.afterLogin(realm, oauth));
    }

    @Test
    void anAppAskingForMoreThanASecondFactorAsEssentialGetsTheStandardErrorAndNoCode() throws Exception {
        String user = DemoRealm.createUserWithAuthenticatorApp(realm, "gold", DemoRealm.ENGINEERING);

        browser.logInWithPasswordAt(user, oauth.loginForm().param("claims", essentialAcr("3")).uiLocales("en").build());

        // refused before the app's code is asked: no second factor gives level 3
        AuthenticationErrorResponse refusal = refusalBackAtTheApp();
        assertEquals(UNMET, refusal.getErrorObject().getCode());
        assertEquals(new Issuer(realm.getBaseUrl()), refusal.getIssuer(), "RFC 9207: the answer names its issuer");
    }

    @Test
    void anAppAskingForMfaAsEssentialGetsTheStandardErrorWhenTheUserPutsEnrollingOff() throws Exception {
        String user = DemoRealm.createUser(realm, "later", DemoRealm.GUESTS);
        MfaAdminApi admin = new MfaAdminApi(realm, adminClient.tokenManager().getAccessTokenString());
        String scope = MfaAdminApi.policyPath("user:" + DemoRealm.userId(realm, user));
        assertEquals(204, admin.put(scope,
                "{\"enforcement\":\"optional\",\"methods\":[\"totp\"],\"enrollmentGrace\":\"P7D\"}").status());
        try {
            browser.logInWithPasswordAt(user,
                    oauth.loginForm().param("claims", essentialAcr("mfa")).state(STATE).uiLocales("en").build());
            assertTrue(browser.showsTotpEnrollment(), "the app asked for mfa: " + browser.pageText());
            assertTrue(browser.offersToPostponeEnrollment(), "the grace still runs: " + browser.pageText());
            browser.postponeEnrollment();

            AuthenticationErrorResponse refusal = refusalBackAtTheApp();
            assertEquals(UNMET, refusal.getErrorObject().getCode(), "\"Not now\" cannot give the essential mfa");
            assertEquals(new State(STATE), refusal.getState(), "the app matches the answer to its request");
            driver.open(oauth.loginForm().uiLocales("en").build());
            assertTrue(browser.showsPasswordForm(), "and no SSO session was left: " + browser.pageText());
        } finally {
            admin.delete(scope);
        }
    }

    /** {@link AppIdToken#essentialAcr}, as a query parameter of the login URL. */
    private static String essentialAcr(String value) {
        return URLEncoder.encode(AppIdToken.essentialAcr(value), StandardCharsets.UTF_8);
    }

    /** What the app reads (Nimbus) from where the browser came back to it: an error response, never a code. */
    private AuthenticationErrorResponse refusalBackAtTheApp() throws Exception {
        AuthenticationResponse answer = AuthenticationResponseParser.parse(URI.create(driver.getCurrentUrl()));
        assertFalse(answer.indicatesSuccess(), "no code: " + driver.getCurrentUrl());
        return answer.toErrorResponse();
    }
}
