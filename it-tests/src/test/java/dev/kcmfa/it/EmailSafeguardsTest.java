package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keycloak.events.EventType;
import org.keycloak.testframework.annotations.InjectEvents;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.events.Events;
import org.keycloak.testframework.mail.MailServer;
import org.keycloak.testframework.mail.annotations.InjectMailServer;
import org.openqa.selenium.By;

/**
 * The email step's settings that protect users: "verify first" for addresses nobody has verified, and a cap on the
 * mails one user receives per hour across all logins (cooldown off here, so only the cap is in play).
 */
@Tag("security")
@KeycloakIntegrationTest(config = MfaServerConfig.class)
class EmailSafeguardsTest extends DemoRealmBrowserTest {

    private static final Pattern ACTION_TOKEN_LINK = Pattern.compile("(http\\S+action-token\\S+)");

    @InjectMailServer
    MailServer mail;

    @InjectEvents
    Events events;

    Mailbox mailbox;

    @BeforeEach
    void configureTheEmailStep() {
        DemoRealm.configureEmailStep(realm, Map.of(
                "unverifiedAddress", "verify first",
                "maxSendsPerUserPerHour", "2",
                "resendCooldownSeconds", "0"));
        mailbox = new Mailbox(mail);
    }

    @Test
    void anUnverifiedUserGetsKeycloaksVerificationMailAndVerifyingDoesNotFinishThatLogin() throws Exception {
        String username = DemoRealm.createUser(realm, "newcomer", DemoRealm.CONTRACTORS);
        DemoRealm.unverifyEmail(realm, username);
        int before = mailbox.count();
        LoginBrowser browser = new LoginBrowser(driver, oauth, realm);

        browser.logInWithPassword(username);
        assertTrue(browser.pageText().contains("is not verified yet"), browser.pageText());
        browser.refresh();
        assertEquals(before + 1, mailbox.count(), "one verification mail per login, a refresh sends nothing");

        MimeMessage verification = mailbox.nth(before + 1);
        Matcher link = ACTION_TOKEN_LINK.matcher(Mailbox.plainText(verification));
        assertTrue(link.find(), "Keycloak's verification mail: " + Mailbox.plainText(verification));
        driver.open(link.group(1));
        driver.driver().findElement(By.partialLinkText("Click here")).click();

        assertFalse(driver.getCurrentUrl().contains("code="), "verifying never finishes the login that sent the mail");
        assertTrue(realm.admin().users().get(DemoRealm.userId(realm, username)).toRepresentation().isEmailVerified());

        browser.logInWithPassword(username);
        assertTrue(browser.showsEmailCodeForm(), "the next login sends a code to the verified address");
        browser.enterEmailCode(Mailbox.codeIn(mailbox.nth(before + 2)));
        assertNotNull(oauth.parseLoginResponse().getCode());
    }

    @Test
    void oneUserGetsNoMoreMailsPerHourThanTheCapHoweverManyLoginsAreStarted() throws Exception {
        String username = DemoRealm.createUser(realm, "flooded", DemoRealm.CONTRACTORS);
        int before = mailbox.count();
        for (int login = 1; login <= 2; login++) {
            HttpResponse<String> page = new RawHttpLogin().logInWithPassword(oauth.loginForm().build(), username, Map.of());
            assertTrue(page.body().contains("id=\"mfa-email-form\""), page.body());
        }
        events.skipAll();

        HttpResponse<String> third = new RawHttpLogin().logInWithPassword(oauth.loginForm().build(), username, Map.of());

        assertEquals(429, third.statusCode());
        assertTrue(third.body().contains("Too many codes were sent to your email address"), third.body());
        assertEquals(before + 2, mailbox.count());
        assertEquals("send_limit_reached", LoginEvents.next(events, EventType.LOGIN_ERROR).getError());
    }
}
