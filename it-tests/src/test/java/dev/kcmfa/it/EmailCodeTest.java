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
import java.util.regex.Pattern;

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

    /** The wait before a new code may be asked for, as the page says it (a second may have passed since the send). */
    private static final Pattern RESEND_WAIT = Pattern.compile("You can ask for a new code in (30|29) seconds\\.");

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
        assertTrue(browser.pageText().contains("No new code was sent: a code went to this address less than 30 seconds"
                + " ago. The code we sent for this sign-in still works."), "cooldown: " + browser.pageText());
        assertTrue(browser.pageText().contains("We sent a sign-in code to re***@example.org."), browser.pageText());
        assertTrue(RESEND_WAIT.matcher(browser.pageText()).find(), "how long is left: " + browser.pageText());
        assertEquals(before + 1, mailbox.count());

        timeOffSet.set(Duration.ofSeconds(31));
        browser.askForANewEmailCode();
        assertTrue(browser.pageText().contains("A new code is on its way. The previous one no longer works."));
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
    void aSecondLoginRightAfterTheFirstSendsNoMailUntilTheCooldownIsOverAndSaysSoWithoutAScript() throws Exception {
        String username = DemoRealm.createUser(realm, "bombed", DemoRealm.CONTRACTORS);
        int before = mailbox.count();
        browser.logInWithPassword(username);
        assertEquals(before + 1, mailbox.count());

        HttpResponse<String> second = new RawHttpLogin().logInWithPassword(oauth.loginForm().build(), username, Map.of());

        assertTrue(second.body().contains("No code was sent for this sign-in: a code went to bo***@example.org less than"
                + " 30 seconds ago, for another sign-in, and it does not work here."), second.body());
        assertTrue(RESEND_WAIT.matcher(second.body()).find(), "the wait, as text: " + second.body());
        assertEquals(before + 1, mailbox.count(), "the cooldown holds across logins, not only within one");
        timeOffSet.set(Duration.ofSeconds(31));
        HttpResponse<String> third = new RawHttpLogin().logInWithPassword(oauth.loginForm().build(), username, Map.of());
        assertTrue(third.body().contains("We sent a sign-in code to bo***@example.org."), third.body());
        assertEquals(before + 2, mailbox.count());
    }

    /**
     * Codes belong to the login they were mailed for (docs/email.md): a second login held back by the cooldown has
     * none, says so, and checks what is typed like any code, counted; the first mail's code does not pass it.
     */
    @Test
    void aLoginHeldBackByTheCooldownChecksTypedCodesAndSendsItsOwnCodeWhenAskedAfterTheWait() throws Exception {
        String username = DemoRealm.createUser(realm, "twice", DemoRealm.CONTRACTORS);
        int before = mailbox.count();
        browser.logInWithPassword(username);
        String firstLoginsCode = Mailbox.codeIn(mailbox.nth(before + 1));
        events.skipAll();

        browser.logInWithPassword(username);

        assertTrue(browser.pageText().contains("No code was sent for this sign-in: a code went to tw***@example.org"
                + " less than 30 seconds ago, for another sign-in, and it does not work here."), browser.pageText());
        assertTrue(RESEND_WAIT.matcher(browser.pageText()).find(), browser.pageText());
        assertFalse(browser.pageText().contains("We sent a sign-in code"), browser.pageText());
        String wrong = firstLoginsCode.equals("000000") ? "111111" : "000000";
        browser.enterEmailCode(wrong);
        assertTrue(browser.pageText().contains("Invalid code. Please try again."), browser.pageText());
        Thread.sleep(1500); // slower than Keycloak's quick-login check, like a person
        browser.enterEmailCode(firstLoginsCode);
        assertTrue(browser.pageText().contains("Invalid code. Please try again."),
                "the first login's code does not pass the second: " + browser.pageText());
        assertEquals(List.of("invalid_code", "invalid_code"), loginErrors());
        assertEquals(2, DemoRealm.awaitBruteForceFailures(realm, username, 2), "both count for brute-force protection");
        assertEquals(before + 1, mailbox.count());

        timeOffSet.set(Duration.ofSeconds(31));
        browser.enterEmailCode(""); // a page shown anew, without a third wrong code (the policy allows three)
        assertTrue(browser.pageText().contains("No code has been sent for this sign-in yet. A code sent for another"
                + " sign-in does not work here."), "the wait is over: " + browser.pageText());
        browser.askForANewEmailCode();

        assertTrue(browser.pageText().contains("A new code is on its way. Only the code in this new email works for"
                + " this sign-in."), browser.pageText());
        assertTrue(browser.pageText().contains("We sent a sign-in code to tw***@example.org."), browser.pageText());
        browser.enterEmailCode(Mailbox.codeIn(mailbox.nth(before + 2)));
        assertNotNull(oauth.parseLoginResponse().getCode());
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
