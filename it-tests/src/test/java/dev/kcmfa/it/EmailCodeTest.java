package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keycloak.events.EventType;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.testframework.annotations.InjectEvents;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.events.Events;
import org.keycloak.testframework.mail.MailServer;
import org.keycloak.testframework.mail.annotations.InjectMailServer;
import org.keycloak.testframework.remote.timeoffset.InjectTimeOffSet;
import org.keycloak.testframework.remote.timeoffset.TimeOffSet;

/** The email code step for the demo realm's /contractors (email required, codes live 5 minutes, 3 attempts). */
@Tag("security")
@KeycloakIntegrationTest(config = MfaServerConfig.class)
class EmailCodeTest extends DemoRealmBrowserTest {

    @InjectMailServer
    MailServer mail;

    @InjectEvents
    Events events;

    /** Also moves the expiry of the cross-login send limits, which live in Keycloak's Infinispan store. */
    @InjectTimeOffSet(enableForCaches = true)
    TimeOffSet timeOffSet;

    Mailbox mailbox;
    LoginBrowser browser;

    @BeforeEach
    void openInbox() {
        mailbox = new Mailbox(mail);
        browser = new LoginBrowser(driver, oauth, realm);
    }

    @Test
    void theUserGetsACodeByEmailSayingWhichAppAndWhereFromAndLogsInWithIt() throws Exception {
        String username = DemoRealm.createUser(realm, "mailed", DemoRealm.CONTRACTORS);
        int before = mailbox.count();
        events.skipAll();

        browser.logInWithPassword(username);

        assertTrue(browser.showsEmailCodeForm());
        assertTrue(browser.pageText().contains("ma***@example.org"), "the address, masked: " + browser.pageText());
        MimeMessage message = mailbox.nth(before + 1);
        assertEquals(username + "@example.org", message.getAllRecipients()[0].toString());
        assertTrue(message.getSubject().contains("test-app"), message.getSubject());
        String text = Mailbox.plainText(message);
        assertTrue(text.contains("Requested from IP address"), text);
        assertTrue(text.contains("expires in 5 minutes"), text);
        assertFalse(text.contains("mfa_link"), "no sign-in link unless an admin turns it on");
        browser.enterEmailCode(Mailbox.codeIn(message));
        assertNotNull(oauth.parseLoginResponse().getCode());
        assertEquals("email", LoginEvents.next(events, EventType.LOGIN).getDetails().get("mfa_method"));
    }

    @Test
    void wrongCodesAreLimitedCountedAndLoggedAndTheCodeDiesWithTheLogin() throws Exception {
        String username = DemoRealm.createUser(realm, "guesser", DemoRealm.CONTRACTORS);
        int before = mailbox.count();
        events.skipAll();
        browser.logInWithPassword(username);
        String code = Mailbox.codeIn(mailbox.nth(before + 1));
        String wrong = code.equals("000000") ? "111111" : "000000";

        for (int attempt = 1; attempt < 3; attempt++) {
            browser.enterEmailCode(wrong);
            assertTrue(browser.pageText().contains("Invalid code. Please try again."));
            Thread.sleep(1500); // slower than Keycloak's quick-login check, like a person
        }
        browser.enterEmailCode(wrong);

        assertTrue(browser.showsPasswordForm());
        assertTrue(browser.pageText().contains("Too many failed attempts"));
        assertEquals(List.of("invalid_code", "invalid_code", "too_many_attempts"), loginErrors());
        assertEquals(3, ((Number) realm.admin().attackDetection()
                .bruteForceUserStatus(DemoRealm.userId(realm, username)).get("numFailures")).intValue(),
                "every wrong email code counts for brute-force protection");
    }

    @Test
    void refreshingDoesNotSendAgainAndANewCodeReplacesTheOldOne() throws Exception {
        String username = DemoRealm.createUser(realm, "resender", DemoRealm.CONTRACTORS);
        int before = mailbox.count();
        browser.logInWithPassword(username);
        String first = Mailbox.codeIn(mailbox.nth(before + 1));

        browser.refresh();
        assertTrue(browser.showsEmailCodeForm());
        assertEquals(before + 1, mailbox.count(), "a refresh sends nothing");

        browser.askForANewEmailCode();
        assertTrue(browser.pageText().contains("Please wait"), "cooldown: " + browser.pageText());
        assertEquals(before + 1, mailbox.count());

        timeOffSet.set(Duration.ofSeconds(31));
        browser.askForANewEmailCode();
        assertTrue(browser.pageText().contains("A new code is on its way"));
        String second = Mailbox.codeIn(mailbox.nth(before + 2));
        assertNotEquals(first, second);

        browser.enterEmailCode(first);
        assertTrue(browser.pageText().contains("Invalid code"), "the old code died with the resend");
        browser.enterEmailCode(second);
        assertNotNull(oauth.parseLoginResponse().getCode());
    }

    @Test
    void anExpiredCodeSendsTheUserBackToTheLoginWithTheTimeoutMessage() throws Exception {
        String username = DemoRealm.createUser(realm, "slow", DemoRealm.CONTRACTORS);
        int before = mailbox.count();
        browser.logInWithPassword(username);
        String code = Mailbox.codeIn(mailbox.nth(before + 1));
        events.skipAll();

        timeOffSet.set(Duration.ofMinutes(6));
        browser.enterEmailCode(code);

        assertTrue(browser.showsPasswordForm());
        assertTrue(browser.pageText().contains("Correct verification code was not entered before timeout."));
        assertTrue(loginErrors().contains("expired_code"));
    }

    @Test
    void anSmtpServerThatIsDownGivesAClearPageNotAnError500() throws Exception {
        realm.updateWithCleanup(r -> r.smtp("localhost", 3026, "noreply@example.org"));
        String username = DemoRealm.createUser(realm, "nomail", DemoRealm.CONTRACTORS);
        events.skipAll();

        browser.logInWithPassword(username);

        assertFalse(browser.showsEmailCodeForm());
        assertTrue(browser.pageText().contains("We could not send the email with your code"), browser.pageText());
        assertTrue(loginErrors().contains("email_send_failed"));
    }

    @Test
    void aSecondLoginRightAfterTheFirstSendsNoMailUntilTheCooldownIsOver() throws Exception {
        String username = DemoRealm.createUser(realm, "bombed", DemoRealm.CONTRACTORS);
        int before = mailbox.count();
        browser.logInWithPassword(username);
        assertEquals(before + 1, mailbox.count());

        HttpResponse<String> second = new RawHttpLogin().logInWithPassword(oauth.loginForm().build(), username, Map.of());

        assertTrue(second.body().contains("A code was sent to this address moments ago"), second.body());
        assertEquals(before + 1, mailbox.count(), "the cooldown holds across logins, not only within one");
        timeOffSet.set(Duration.ofSeconds(31));
        HttpResponse<String> third = new RawHttpLogin().logInWithPassword(oauth.loginForm().build(), username, Map.of());
        assertTrue(third.body().contains("id=\"mfa-email-form\""), third.body());
        assertEquals(before + 2, mailbox.count());
    }

    @Test
    void aUserWithoutAVerifiedAddressIsRefusedWithAClearPageByDefault() throws Exception {
        String username = DemoRealm.createUser(realm, "unverified", DemoRealm.CONTRACTORS);
        DemoRealm.unverifyEmail(realm, username);
        int before = mailbox.count();
        events.skipAll();

        browser.logInWithPassword(username);

        assertTrue(browser.pageText().contains("no verified email address"), browser.pageText());
        assertFalse(browser.showsEmailCodeForm());
        assertEquals(before, mailbox.count(), "nothing is sent to an unverified address");
        assertEquals(List.of("email_not_verified"), loginErrors());
    }

    private List<String> loginErrors() {
        List<String> errors = new ArrayList<>();
        for (EventRepresentation event = events.poll(); event != null; event = events.poll()) {
            if (EventType.LOGIN_ERROR.name().equals(event.getType())) {
                assertEquals("email", event.getDetails().get("mfa_method"));
                errors.add(event.getError());
            }
        }
        return errors;
    }
}
