package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.keycloak.events.EventType;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.testframework.annotations.InjectEvents;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.events.Events;
import org.keycloak.testsuite.util.oauth.AccessTokenResponse;
import org.openqa.selenium.By;

@KeycloakIntegrationTest(config = MfaServerConfig.class)
class TotpEnrollmentTest extends DemoRealmBrowserTest {

    @InjectEvents
    Events events;

    @Test
    void userWhosePolicyRequiresMfaEnrollsTotpInsideTheLoginAndGetsATokenThenIsAskedForACodeNextTime()
            throws Exception {
        String username = DemoRealm.createUser(realm, "enroll", DemoRealm.ENGINEERING);
        LoginBrowser browser = new LoginBrowser(driver, oauth, realm);

        browser.logInWithPassword(username);
        assertTrue(browser.showsTotpEnrollment(), "a user with no second factor is shown a QR code");
        AuthenticatorApp app = AuthenticatorApp.scan(browser.qrCodeImage());
        assertTrue(app.label().endsWith(username), "the app shows the account: " + app.label());
        assertFalse(browser.secretText().isBlank(), "the secret is shown as text for manual entry");

        String enrollmentCode = app.currentCode();
        browser.finishEnrollment(enrollmentCode, "Work phone");
        String accessToken = assertLoggedInAs(username);
        EventRepresentation login = LoginEvents.next(events, EventType.LOGIN);
        assertEquals("totp", login.getDetails().get("mfa_method"));
        assertEquals("true", login.getDetails().get("mfa_enrolled"));

        List<CredentialRepresentation> credentials = realm.admin().users()
                .get(DemoRealm.userId(realm, username)).credentials();
        assertTrue(credentials.stream().anyMatch(c -> "otp".equals(c.getType()) && "Work phone".equals(c.getUserLabel())),
                () -> "Keycloak's own OTP credential is stored: "
                        + credentials.stream().map(c -> c.getType() + "/" + c.getUserLabel()).toList());
        assertEquals(List.of("Work phone"), new AccountConsole(realm, accessToken).labels("otp"),
                "the user sees the device in the account console (Signing in)");

        browser.logInWithPassword(username);
        assertTrue(browser.showsTotpCodeForm(), "the next login asks for a code, without a QR code");
        assertFalse(browser.showsTotpEnrollment());

        browser.enterTotp(enrollmentCode);
        assertTrue(browser.pageText().contains("Invalid code"), "the code used to enroll cannot be used again");

        browser.enterTotp(app.nextCode());
        assertLoggedInAs(username);
    }

    @Test
    void wrongCodeWhileEnrollingKeepsTheSameQrCodeAndExplains() throws Exception {
        String username = DemoRealm.createUser(realm, "typo", DemoRealm.ENGINEERING);
        LoginBrowser browser = new LoginBrowser(driver, oauth, realm);
        browser.logInWithPassword(username);
        AuthenticatorApp app = AuthenticatorApp.scan(browser.qrCodeImage());

        browser.finishEnrollment(app.wrongCode(), "");

        assertTrue(browser.showsTotpEnrollment());
        assertTrue(browser.pageText().contains("Invalid code"));
        assertEquals(app.label(), AuthenticatorApp.scan(browser.qrCodeImage()).label());
        browser.finishEnrollment(app.currentCode(), "");
        assertLoggedInAs(username);
    }

    @Test
    void enrollmentPageSpeaksTheLanguageTheUserAskedFor() {
        String username = DemoRealm.createUser(realm, "sprache", DemoRealm.ENGINEERING);
        LoginBrowser browser = new LoginBrowser(driver, oauth, realm);

        browser.logInWithPassword(username, "de");

        assertTrue(browser.showsTotpEnrollment());
        assertTrue(browser.pageText().contains("Authenticator-App einrichten"), browser.pageText());
        assertTrue(browser.pageText().contains("Einrichtung abschließen"));
    }

    @Test
    void onALaptopScreenTheEnrollmentPageOpensAtItsTitleAndFirstStepWithTheCodeFieldFocused() throws Exception {
        String username = DemoRealm.createUser(realm, "laptop", DemoRealm.ENGINEERING);
        try (ChromeWindow window = ChromeWindow.open()) {
            new LoginBrowser(window.driver(), oauth, realm).logInWithPassword(username);
            window.driver().findElement(By.id("mfa-totp-qr")); // the enrollment page has loaded

            window.screenshot("totp-enrollment-1280x900");
            assertTrue(window.inView(By.id("kc-page-title")), "the title is on screen: " + window.scrollAndFocus());
            assertTrue(window.inView(By.cssSelector("#mfa-totp-enroll-steps > li:first-child > p")),
                    "step 1 (install an app) is on screen: " + window.scrollAndFocus());
            assertEquals("otp", window.scrollAndFocus().get("focused"), "typing the code goes into its field");
            assertTrue(Math.abs(window.horizontalOffCentre("mfa-totp-qr")) <= 1.5, "the QR code is centred");
        }
    }

    /** @return the user's access token */
    private String assertLoggedInAs(String username) {
        String code = oauth.parseLoginResponse().getCode();
        assertNotNull(code, "the login ends at the app with an authorization code");
        AccessTokenResponse tokens = oauth.doAccessTokenRequest(code);
        assertEquals(200, tokens.getStatusCode());
        assertEquals(username, oauth.parseToken(tokens.getAccessToken(), AccessToken.class).getPreferredUsername());
        return tokens.getAccessToken();
    }
}
