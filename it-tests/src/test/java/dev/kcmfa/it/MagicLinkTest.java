package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.mail.MailServer;
import org.keycloak.testframework.mail.annotations.InjectMailServer;

/** The email step with its "Sign-in link in the email" setting turned on (it is off by default). */
@Tag("security")
@KeycloakIntegrationTest(config = MfaServerConfig.class)
class MagicLinkTest extends DemoRealmBrowserTest {

    private static final Pattern LINK = Pattern.compile("(http\\S+mfa_link=\\S+)");

    @InjectMailServer
    MailServer mail;

    @Test
    void theLinkInTheMailFinishesTheSameLoginOnceInTheSameBrowser() throws Exception {
        DemoRealm.configureEmailStep(realm, Map.of("magicLink", "true"));
        String username = DemoRealm.createUser(realm, "linked", DemoRealm.CONTRACTORS);
        Mailbox mailbox = new Mailbox(mail);
        int before = mailbox.count();
        LoginBrowser browser = new LoginBrowser(driver, oauth, realm);
        browser.logInWithPassword(username);

        Matcher link = LINK.matcher(Mailbox.plainText(mailbox.nth(before + 1)));
        assertTrue(link.find(), "the mail holds a sign-in link");
        driver.open(link.group(1));
        assertNotNull(oauth.parseLoginResponse().getCode(), "the link finished the login");

        browser.signOut();
        driver.open(link.group(1));
        assertFalse(driver.getCurrentUrl().contains("code="), "a used link signs nobody in: " + driver.getCurrentUrl());
    }
}
