package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

import dev.kcmfa.devicecli.DeviceCli;
import dev.kcmfa.devicecli.PushDevice;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.openqa.selenium.By;

/**
 * What the push pages say, as a user sees them in a laptop-sized Chromium window (screenshots in
 * {@code it-tests/target/screenshots}): what became of the push (sent, not pushed because no Firebase is configured,
 * or refused by Firebase), and how to get the phone app (the one the admin named, or the reference device).
 */
@KeycloakIntegrationTest(config = MfaServerConfig.class)
class PushPagesTest extends PushBrowserTest {

    static final String CLI = "java -jar device-cli/target/kc-mfa-device.jar";

    static ChromeWindow window;
    LoginBrowser browser;

    @BeforeAll
    static void openWindow() {
        window = ChromeWindow.open();
    }

    @AfterAll
    static void closeWindow() {
        window.close();
    }

    @BeforeEach
    void useTheWindow() {
        browser = new LoginBrowser(window.driver(), oauth, realm);
    }

    @AfterEach
    void firebaseWorksAgain() {
        fcm.failing(false);
    }

    @Test
    void withoutFirebaseThePageSaysToLookWithTheReferenceDeviceAndWarnsOfNothing() throws Exception {
        DemoRealm.configurePushSteps(realm, Map.of()); // the demo's steps: no FCM service account, no app
        String username = DemoRealm.createUser(realm, "nofcm", DemoRealm.MOBILE);
        PushDevice phone = browser.enrollPhone(username, "Laptop", "");
        browser.signOut();

        browser.logInWithPassword(username);

        assertTrue(browser.showsPushNumber(), browser.pageText());
        window.screenshot("push-page-without-fcm");
        String page = browser.pageText();
        assertFalse(page.contains("could not notify"), "nothing failed, nothing to warn of: " + page);
        assertFalse(page.contains("We sent a sign-in request"), "nothing was sent: " + page);
        assertTrue(page.contains("See this sign-in request with the reference device"), page);
        assertTrue(page.contains(CLI + " pending"), page);
        assertTrue(page.contains(CLI + " approve <id> " + browser.pushNumber()), page);
        assertEquals(1, phone.pending().size(), "the device finds the request by asking, as the page says");
    }

    @Test
    void aSentPushIsAnnouncedAndOneFirebaseRefusesIsWarnedOfWithoutClaimingItWasSent() throws Exception {
        configurePushSteps(Map.of("appName", "Acme Sign-in"));
        String username = DemoRealm.createUser(realm, "outage", DemoRealm.MOBILE);
        PushDevice phone = browser.enrollPhone(username, "Work phone", "fcm-outage");
        browser.signOut();

        browser.logInWithPassword(username);
        window.screenshot("push-page-sent");
        assertTrue(browser.pageText().contains("We sent a sign-in request to your phone."), browser.pageText());
        assertFalse(browser.pageText().contains("could not notify"), browser.pageText());
        phone.approve(phone.pending().get(0), browser.pushNumber());
        browser.awaitPushOutcome();
        browser.signOut();

        fcm.failing(true);
        browser.logInWithPassword(username);

        assertTrue(browser.showsPushNumber(), browser.pageText());
        window.screenshot("push-page-fcm-failed");
        String page = browser.pageText();
        assertTrue(page.contains("We could not notify your phone."), page);
        assertFalse(page.contains("We sent a sign-in request"), "the warning stands alone: " + page);
        assertTrue(page.contains("Open Acme Sign-in on your phone and refresh it to see this sign-in request"), page);
    }

    @Test
    void theEnrollmentPageLinksTheAppTheAdminNamedWithItsQrCodeCentred() throws Exception {
        configurePushSteps(Map.of("appName", "Acme Sign-in",
                "appStoreUrl", "https://apps.apple.com/app/acme-sign-in/id1234567890",
                "googlePlayUrl", "https://play.google.com/store/apps/details?id=com.acme.signin"));
        browser.logInWithPassword(DemoRealm.createUser(realm, "store", DemoRealm.MOBILE));

        assertTrue(browser.showsPushEnrollment(), browser.pageText());
        window.screenshot("push-enrollment-with-app");
        String page = browser.pageText();
        assertTrue(page.contains("Install Acme Sign-in on your phone."), page);
        assertEquals("https://apps.apple.com/app/acme-sign-in/id1234567890", href("mfa-push-app-store"));
        assertEquals("https://play.google.com/store/apps/details?id=com.acme.signin", href("mfa-push-google-play"));
        assertFalse(page.contains("kc-mfa-device"), "no reference device where a real app is named: " + page);
        assertCentred("mfa-push-qr");
    }

    @Test
    void aStoreLinkThatIsNotHttpsIsLeftOutAndThePageStillWorks() throws Exception {
        configurePushSteps(Map.of("appName", "Acme Sign-in", "appStoreUrl", "javascript:alert(1)",
                "googlePlayUrl", "http://play.google.com/store/apps/details?id=com.acme.signin"));
        browser.logInWithPassword(DemoRealm.createUser(realm, "badlink", DemoRealm.MOBILE));

        assertTrue(browser.showsPushEnrollment(), browser.pageText());
        assertTrue(browser.pageText().contains("Install Acme Sign-in on your phone."), browser.pageText());
        assertTrue(window.driver().driver().findElements(By.cssSelector("#mfa-push-enroll-get-app a")).isEmpty(),
                "neither link is shown");
    }

    @Test
    void withoutAnAppSetUpTheEnrollmentPageGivesTheReferenceDeviceCommandWhichWorks(@TempDir Path dir)
            throws Exception {
        browser.logInWithPassword(DemoRealm.createUser(realm, "refdev", DemoRealm.MOBILE));

        assertTrue(browser.showsPushEnrollment(), browser.pageText());
        window.screenshot("push-enrollment-reference-device");
        String enrollUrl = browser.scanPushEnrollmentQrCode();
        String command = window.driver().findElement(By.id("mfa-push-enroll-command")).getText().trim();
        assertEquals(CLI + " enroll '" + enrollUrl + "'", command);
        assertFalse(browser.pageText().contains("Install the sign-in app"), browser.pageText());
        assertCentred("mfa-push-qr");

        String[] args = {"enroll", enrollUrl, "--store", dir.resolve("device.json").toString()};
        assertEquals(0, DeviceCli.run(args, new PrintStream(OutputStream.nullOutputStream()),
                new PrintStream(OutputStream.nullOutputStream())), "the command on the page enrolls");
        browser.awaitPushOutcome();
        assertTrue(window.driver().getCurrentUrl().contains("code="), "and the login carries on");
    }

    private String href(String id) {
        return window.driver().findElement(By.id(id)).getAttribute("href");
    }

    private static void assertCentred(String id) {
        double off = window.horizontalOffCentre(id);
        assertTrue(Math.abs(off) <= 1.5, id + " is " + off + " px off the centre of its container");
    }
}
