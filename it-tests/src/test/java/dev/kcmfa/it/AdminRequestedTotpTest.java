package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.mail.MailServer;
import org.keycloak.testframework.mail.annotations.InjectMailServer;
import org.openqa.selenium.By;

/**
 * Keycloak's own way of setting up an authenticator app works with the bundle: an admin emails the user the
 * "Configure OTP" required action (realm SMTP, caught by GreenMail), the user follows the link, and from then on the
 * bundle's TOTP step asks that device for codes instead of enrolling a new one.
 */
@KeycloakIntegrationTest(config = MfaServerConfig.class)
class AdminRequestedTotpTest extends DemoRealmBrowserTest {

    private static final Pattern LINK = Pattern.compile("(http://localhost:8080/realms/mfa-demo/login-actions/action-token\\S+)");

    @InjectMailServer
    MailServer mail;

    @Test
    void aDeviceSetUpThroughKeycloaksConfigureOtpActionIsTheOneTheLoginAsksFor() throws Exception {
        String username = DemoRealm.createUser(realm, "emailed", DemoRealm.ENGINEERING);
        realm.admin().users().get(DemoRealm.userId(realm, username)).executeActionsEmail(List.of("CONFIGURE_TOTP"));

        assertTrue(mail.waitForIncomingEmail(1), "the realm's SMTP server received the mail");
        MimeMessage message = mail.getLastReceivedMessage();
        assertEquals(username + "@example.org", message.getAllRecipients()[0].toString());
        driver.open(actionLink(message));
        driver.findElement(By.partialLinkText("Click here to proceed")).click();
        AuthenticatorApp app = AuthenticatorApp.scan(
                driver.findElement(By.id("kc-totp-secret-qr-code")).getAttribute("src"));
        driver.findElement(By.id("totp")).sendKeys(app.currentCode());
        driver.findElement(By.id("saveTOTPBtn")).click();

        LoginBrowser browser = new LoginBrowser(driver, oauth, realm);
        browser.logInWithPassword(username);
        assertTrue(browser.showsTotpCodeForm());
        assertFalse(browser.showsTotpEnrollment(), "no second enrollment");
        browser.enterTotp(app.nextCode());
        assertNotNull(oauth.parseLoginResponse().getCode());
    }

    private static String actionLink(MimeMessage message) throws Exception {
        Object content = message.getContent();
        String text = content instanceof MimeMultipart multipart
                ? multipart.getBodyPart(0).getContent().toString() : content.toString();
        Matcher link = LINK.matcher(text);
        assertTrue(link.find(), "the mail holds the action link: " + text);
        return link.group(1).replace("&amp;", "&");
    }
}
