package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.openqa.selenium.WebDriver;

/**
 * The README sends newcomers to the account console first: it must open for the demo realm's own users, and its
 * "Personal info" lets a user set the second factor a login starts with.
 */
@KeycloakIntegrationTest(config = MfaServerConfig.class)
class AccountConsoleTest {

    private static final String DEFAULT_METHOD = "mfa.default-method";

    @InjectRealm(fromJson = DemoRealm.JSON)
    ManagedRealm realm;

    WebDriver browser;

    @BeforeEach
    void openBrowser() {
        browser = Chromium.open(1280, 900);
    }

    @AfterEach
    void quitBrowser() {
        browser.quit();
    }

    @Test
    void aDemoUserFromTheRealmFileSeesTheSigningInPageWithTheSecondFactors() {
        AccountConsolePage console = new AccountConsolePage(browser, realm.getBaseUrl());

        console.openSigningInAs("dave", "dave");

        String page = console.text();
        assertFalse(page.contains("Something went wrong"), page);
        assertTrue(page.contains("Signing in") && page.contains("Password"), page);
        assertTrue(page.contains("Authenticator application"), "Keycloak's OTP type is listed: " + page);
    }

    @Test
    void aUserSetsTheirDefaultTwoFactorMethodInPersonalInfo() {
        String user = DemoRealm.createUserWithAuthenticatorApp(realm, "console", DemoRealm.ENGINEERING);
        AccountConsolePage console = new AccountConsolePage(browser, realm.getBaseUrl());
        console.openPersonalInfoAs(user, user, AuthenticatorApp.fromSecret(DemoRealm.APP_SECRET_BASE32).currentCode());
        assertTrue(console.text().contains("Default two-factor method"), console.text());
        assertEquals(List.of("Approve on my phone", "Authenticator app", "Code by email", "Duo", "Security key", "Passkey",
                        "YubiKey", "Text message (SMS)", "Phone call"),
                console.selectOptions(DEFAULT_METHOD),
                "every registered method but recovery codes (never asked for first), by its name in the chooser");

        String alert = console.chooseAndSave(DEFAULT_METHOD, "Authenticator app");

        assertEquals("Your account has been updated.", alert);
        assertEquals(List.of("totp"), realm.admin().users().get(DemoRealm.userId(realm, user)).toRepresentation()
                .getAttributes().get(DEFAULT_METHOD), "what admins see on the user");
        browser.navigate().refresh();
        assertEquals("Authenticator app", console.selected(DEFAULT_METHOD));
    }
}
