package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.openqa.selenium.WebDriver;

/** The README sends newcomers to the account console first: it must open for the demo realm's own users. */
@KeycloakIntegrationTest(config = MfaServerConfig.class)
class AccountConsoleTest {

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
}
