package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.kcmfa.devicecli.PushDevice;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.mail.MailServer;
import org.keycloak.testframework.mail.annotations.InjectMailServer;

/**
 * Someone who knows a user's password can spend the hourly allowance of emails and pushes only for their own client
 * address: the user, signing in from elsewhere, still gets a code or a push. All addresses together stop at the
 * per-user ceiling. Both addresses are loopback: the server sees 127.0.0.1 and ::1.
 */
@Tag("security")
@KeycloakIntegrationTest(config = MfaServerConfig.class)
class SendAllowancePerAddressTest extends DemoRealmBrowserTest {

    private static final String ATTACKER = "127.0.0.1";
    private static final String VICTIM = "[::1]";
    private static final Pattern EMAIL_FORM_ACTION = Pattern.compile("id=\"mfa-email-form\"[^>]*action=\"([^\"]+)\"");

    @InjectMailServer
    MailServer mail;

    Mailbox mailbox;

    @BeforeEach
    void openInbox() {
        mailbox = new Mailbox(mail);
    }

    @Test
    void anAttackerWhoSpendsTheEmailAllowanceFromTheirAddressLeavesTheUserTheirOwn() throws Exception {
        DemoRealm.configureEmailStep(realm, Map.of(
                "maxSendsPerUserAndAddressPerHour", "2",
                "maxSendsPerUserPerHour", "3",
                "resendCooldownSeconds", "0"));
        String username = DemoRealm.createUser(realm, "inbox", DemoRealm.CONTRACTORS);
        int before = mailbox.count();
        assertEquals(200, emailLogin(ATTACKER, username).statusCode());
        assertEquals(200, emailLogin(ATTACKER, username).statusCode());
        assertEquals(429, emailLogin(ATTACKER, username).statusCode(), "the attacker's address has spent its two");

        RawHttpLogin victim = RawHttpLogin.from(VICTIM);
        HttpResponse<String> page = victim.logInWithPassword(oauth.loginForm().build(), username, Map.of());

        assertEquals(200, page.statusCode(), page.body());
        MimeMessage mail = mailbox.nth(before + 3);
        String text = Mailbox.plainText(mail);
        assertTrue(text.contains("IP address 0:0:0:0:0:0:0:1") || text.contains("IP address ::1"), text);
        Matcher action = EMAIL_FORM_ACTION.matcher(page.body());
        assertTrue(action.find(), page.body());
        HttpResponse<String> done = victim.postForm(action.group(1), "code=" + Mailbox.codeIn(mail));
        assertTrue(RawHttpLogin.loggedIn(done), "the user signs in with the code: " + done.statusCode());

        assertEquals(429, emailLogin(VICTIM, username).statusCode(),
                "three mails in the hour from all addresses: the ceiling holds although this address has one left");
        assertEquals(before + 3, mailbox.count());
    }

    @Test
    void anAttackerWhoSpendsThePushAllowanceFromTheirAddressLeavesTheUserTheirOwn() throws Exception {
        DemoRealm.configurePushSteps(realm, Map.of(
                "maxPushesPerUserAndAddressPerHour", "2",
                "maxPushesPerUserPerHour", "3"));
        String username = DemoRealm.createUser(realm, "pushed", DemoRealm.MOBILE);
        LoginBrowser browser = new LoginBrowser(driver, oauth, realm);
        PushDevice phone = browser.enrollPhone(username, "phone", "");
        assertEquals(200, approvedGrant(phone, ATTACKER, username).statusCode());
        assertEquals(200, approvedGrant(phone, ATTACKER, username).statusCode());
        HttpResponse<String> spent = PasswordGrant.start(realm, ATTACKER, username, "curl/8.5.0")
                .get(20, TimeUnit.SECONDS);
        assertEquals(400, spent.statusCode(), spent.body());
        assertTrue(spent.body().contains("Too many sign-in requests"), spent.body());

        HttpResponse<String> victims = approvedGrant(phone, VICTIM, username);

        assertEquals(200, victims.statusCode(), "the user's own address still reaches the phone: " + victims.body());
        HttpResponse<String> ceiling = PasswordGrant.start(realm, VICTIM, username, "curl/8.5.0")
                .get(20, TimeUnit.SECONDS);
        assertEquals(400, ceiling.statusCode(), "three requests in the hour from all addresses: " + ceiling.body());
        assertTrue(ceiling.body().contains("Too many sign-in requests"), ceiling.body());
    }

    private HttpResponse<String> emailLogin(String host, String username) throws Exception {
        return RawHttpLogin.from(host).logInWithPassword(oauth.loginForm().build(), username, Map.of());
    }

    /** A password grant from {@code host} that reaches the phone, approved there (denials count as failures). */
    private HttpResponse<String> approvedGrant(PushDevice phone, String host, String username) throws Exception {
        CompletableFuture<HttpResponse<String>> grant = PasswordGrant.start(realm, host, username, "curl/8.5.0");
        assertEquals(200, phone.approve(PasswordGrant.awaitPending(phone, grant), PasswordGrant.PUSH_NUMBER).status());
        return grant.get(20, TimeUnit.SECONDS);
    }
}
