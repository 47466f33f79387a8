package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.kcmfa.devicecli.PushDevice;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.mail.MailServer;
import org.keycloak.testframework.mail.annotations.InjectMailServer;

/**
 * What the code email and the phone tell the user about a sign-in. The User-Agent is the attacker's text and a
 * client's name an admin's free text: the user sees a browser name from a fixed list, and the name as text.
 */
@Tag("security")
@KeycloakIntegrationTest(config = MfaServerConfig.class)
class SignInDetailsTest extends DemoRealmBrowserTest {

    private static final String INSTRUCTIONS = " IMPORTANT: your code is 000000, call +1 555 0100 and read it out."
            + " Support will never ask you to approve this request on your phone, just do it now please.";
    /** A real Firefox on Windows, with the attacker's instructions after it: about 270 characters. */
    private static final String FIREFOX_WITH_INSTRUCTIONS =
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:120.0) Gecko/20100101 Firefox/120.0" + INSTRUCTIONS;
    /** Nothing a parser knows: its "family" would be the attacker's word. */
    private static final String ONLY_INSTRUCTIONS = "IMPORTANTbot/1.0" + INSTRUCTIONS;
    private static final String HOSTILE_APP_NAME = "<a href=\"https://evil.example\">x</a><img src=x>";

    @InjectMailServer
    MailServer mail;

    Mailbox mailbox;

    @BeforeEach
    void openInbox() {
        mailbox = new Mailbox(mail);
    }

    @Test
    void theCodeEmailNamesTheBrowserFromAFixedListNeverTheUserAgentsText() throws Exception {
        MimeMessage firefox = codeMailForALoginWith(FIREFOX_WITH_INSTRUCTIONS);
        MimeMessage unknown = codeMailForALoginWith(ONLY_INSTRUCTIONS);

        for (String part : List.of(Mailbox.plainText(firefox), Mailbox.html(firefox))) {
            assertTrue(part.contains("with Firefox on Windows."), part);
            assertFalse(part.contains("IMPORTANT") || part.contains("000000") || part.contains("Mozilla"), part);
        }
        for (String part : List.of(Mailbox.plainText(unknown), Mailbox.html(unknown))) {
            assertTrue(part.contains("with an unknown device."), part);
            assertFalse(part.contains("IMPORTANT") || part.contains("000000"), part);
        }
    }

    @Test
    void aClientNameWithMarkupShowsAsTextInTheHtmlEmail() throws Exception {
        withTestAppNamed(HOSTILE_APP_NAME, () -> {
            String html = Mailbox.html(codeMailForALoginWith(FIREFOX_WITH_INSTRUCTIONS));

            assertTrue(html.contains("&lt;a href=&quot;https://evil.example&quot;&gt;x&lt;/a&gt;&lt;img src=x&gt;"),
                    html);
            assertFalse(html.contains("<a href=\"https://evil.example\"") || html.contains("<img"), html);
        });
    }

    /**
     * Keycloak's own clients are named by theme keys ({@code ${client_account-console}}), which its pages show in the
     * user's language: the mail and the phone name the app as those pages do, never as the raw key.
     */
    @Test
    void anAppNamedByAThemeKeyIsNamedInTheUsersLanguageInTheMailAndOnThePhone() throws Exception {
        withTestAppNamed("${client_account-console}", () -> {
            MimeMessage english = codeMailFor(DemoRealm.createUser(realm, "consoleen", DemoRealm.CONTRACTORS));
            MimeMessage german = codeMailFor(germanUser(DemoRealm.createUser(realm, "consolede", DemoRealm.CONTRACTORS)));

            assertEquals("Your sign-in code for Account Console", english.getSubject());
            assertTrue(Mailbox.plainText(english).contains("finish signing in to Account Console."),
                    Mailbox.plainText(english));
            assertTrue(Mailbox.html(english).contains("finish signing in to Account Console."), Mailbox.html(english));
            assertEquals("Ihr Anmeldecode für Accountkonsole", german.getSubject());
            assertTrue(Mailbox.plainText(german).contains("die Anmeldung bei Accountkonsole abzuschließen."),
                    Mailbox.plainText(german));

            assertEquals("Account Console", appOnThePhoneOf("phoneen", false));
            assertEquals("Accountkonsole", appOnThePhoneOf("phonede", true));
        });
    }

    @Test
    void thePhoneShowsTheBrowserFromAFixedListNeverTheUserAgentsText() throws Exception {
        String username = DemoRealm.createUser(realm, "phoneua", DemoRealm.MOBILE);
        LoginBrowser browser = new LoginBrowser(driver, oauth, realm);
        PushDevice phone = browser.enrollPhone(username, "phone", "");

        assertEquals("Firefox on Windows", pendingRequestSeenBy(phone, username, FIREFOX_WITH_INSTRUCTIONS));
        assertEquals("Unknown device", pendingRequestSeenBy(phone, username, ONLY_INSTRUCTIONS));
        assertEquals("Unknown device", pendingRequestSeenBy(phone, username, "Firefox/120.0 " + "x".repeat(600)),
                "an agent over 512 characters is not parsed at all");
    }

    private MimeMessage codeMailForALoginWith(String userAgent) throws Exception {
        return codeMailFor(DemoRealm.createUser(realm, "mailua", DemoRealm.CONTRACTORS), userAgent);
    }

    private MimeMessage codeMailFor(String username) throws Exception {
        return codeMailFor(username, FIREFOX_WITH_INSTRUCTIONS);
    }

    private MimeMessage codeMailFor(String username, String userAgent) throws Exception {
        int before = mailbox.count();
        HttpResponse<String> page = new RawHttpLogin().logInWithPassword(oauth.loginForm().build(), username,
                Map.of("User-Agent", userAgent));
        assertTrue(page.body().contains("id=\"mfa-email-form\""), page.body());
        return mailbox.nth(before + 1);
    }

    /** The app's name the phone lists for a password grant of a new user with a phone, in German or not. */
    private String appOnThePhoneOf(String prefix, boolean german) throws Exception {
        String username = DemoRealm.createUser(realm, prefix, DemoRealm.MOBILE);
        PushDevice phone = new LoginBrowser(driver, oauth, realm).enrollPhone(username, "phone", "");
        if (german) {
            germanUser(username); // after enrolling: that login was in English
        }
        return requestSeenBy(phone, username, "curl/8.5.0").app();
    }

    /** Sets the user's language to German, as the user would in the account console. */
    private String germanUser(String username) {
        UserRepresentation user = realm.admin().users().get(DemoRealm.userId(realm, username)).toRepresentation();
        user.singleAttribute("locale", "de");
        realm.admin().users().get(user.getId()).update(user);
        return username;
    }

    private void withTestAppNamed(String name, ThrowingRunnable test) throws Exception {
        ClientRepresentation app = realm.admin().clients().findByClientId("test-app").get(0);
        String originalName = app.getName();
        app.setName(name);
        realm.admin().clients().get(app.getId()).update(app);
        try {
            test.run();
        } finally {
            app.setName(originalName);
            realm.admin().clients().get(app.getId()).update(app);
        }
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** The browser the phone lists for a password grant sent with this User-Agent. */
    private String pendingRequestSeenBy(PushDevice phone, String username, String userAgent) throws Exception {
        return requestSeenBy(phone, username, userAgent).userAgent();
    }

    /** The sign-in request the phone lists for a password grant sent with this User-Agent; the phone then approves. */
    private PushDevice.Challenge requestSeenBy(PushDevice phone, String username, String userAgent) throws Exception {
        CompletableFuture<HttpResponse<String>> grant = PasswordGrant.start(realm, "127.0.0.1", username, userAgent);
        PushDevice.Challenge request = PasswordGrant.awaitPending(phone, grant);
        // approved rather than denied: denials count as failures, and quick ones in a row lock the user out
        assertEquals(200, phone.approve(request, PasswordGrant.PUSH_NUMBER).status());
        assertEquals(200, grant.get(20, TimeUnit.SECONDS).statusCode());
        return request;
    }
}
