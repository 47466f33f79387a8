package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.mail.MailServer;
import org.keycloak.testframework.mail.annotations.InjectMailServer;

/**
 * The email page's wait before a new code, with a cooldown of one second: said as text in the singular for a browser
 * without scripts, and counted down by the page's script in one that runs them.
 */
@KeycloakIntegrationTest(config = MfaServerConfig.class)
class EmailResendCountdownTest extends DemoRealmBrowserTest {

    @InjectMailServer
    MailServer mail;

    @BeforeEach
    void oneSecondCooldown() {
        DemoRealm.configureEmailStep(realm, Map.of("resendCooldownSeconds", "1"));
    }

    @Test
    void withoutAScriptThePageSaysTheWaitInTheSingular() throws Exception {
        String username = DemoRealm.createUser(realm, "onesecond", DemoRealm.CONTRACTORS);

        HttpResponse<String> page = new RawHttpLogin().logInWithPassword(oauth.loginForm().build(), username, Map.of());

        assertTrue(page.body().contains("We sent a sign-in code to on***@example.org."), page.body());
        assertTrue(page.body().contains(">You can ask for a new code in 1 second.</p>"), page.body());
    }

    @Test
    void theScriptCountsTheWaitDownToTheMomentANewCodeMayBeAskedFor() throws Exception {
        String username = DemoRealm.createUser(realm, "countdown", DemoRealm.CONTRACTORS);
        LoginBrowser browser = new LoginBrowser(driver, oauth, realm);

        browser.logInWithPassword(username);

        assertTrue(browser.showsEmailCodeForm());
        for (int i = 0; i < 50 && !browser.pageText().contains("You can ask for a new code now."); i++) {
            Thread.sleep(100);
        }
        assertTrue(browser.pageText().contains("You can ask for a new code now."), browser.pageText());
    }
}
