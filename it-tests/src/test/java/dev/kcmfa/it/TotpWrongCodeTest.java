package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keycloak.events.EventType;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.testframework.annotations.InjectEvents;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.events.Events;

@Tag("security")
@KeycloakIntegrationTest(config = MfaServerConfig.class)
class TotpWrongCodeTest extends DemoRealmBrowserTest {

    @InjectEvents
    Events events;

    @Test
    void wrongCodesAreExplainedThenTheLoginStartsOverAndEveryFailureCountsForBruteForceProtection()
            throws Exception {
        String username = DemoRealm.createUser(realm, "wrong", DemoRealm.ENGINEERING);
        LoginBrowser browser = new LoginBrowser(driver, oauth, realm);
        AuthenticatorApp app = browser.enrollTotp(username);
        events.skipAll();

        browser.logInWithPassword(username);
        for (int attempt = 1; attempt < DemoRealm.STAFF_MAX_ATTEMPTS; attempt++) {
            browser.enterTotp(app.wrongCode());
            assertTrue(browser.showsTotpCodeForm(), "attempt " + attempt + " may be retried");
            assertTrue(browser.pageText().contains("Invalid code. Please try again."));
            pauseLikeAPerson();
        }
        browser.enterTotp(app.wrongCode());

        assertTrue(browser.showsPasswordForm(), "after the last attempt the login starts over");
        assertTrue(browser.pageText().contains("Too many failed attempts"), browser.pageText());
        List<String> errors = loginErrors();
        assertEquals(List.of("invalid_code", "invalid_code", "too_many_attempts"), errors);
        assertEquals(DemoRealm.STAFF_MAX_ATTEMPTS,
                DemoRealm.awaitBruteForceFailures(realm, username, DemoRealm.STAFF_MAX_ATTEMPTS));

        browser.logInWithPassword(username);
        browser.enterTotp(app.nextCode());
        assertNotNull(oauth.parseLoginResponse().getCode(), "the right code still logs in below the lockout limit");
    }

    @Test
    void aUserLockedByBruteForceProtectionIsRefusedEvenWithTheRightCode() throws Exception {
        String username = DemoRealm.createUser(realm, "locked", DemoRealm.ENGINEERING);
        LoginBrowser browser = new LoginBrowser(driver, oauth, realm);
        AuthenticatorApp app = browser.enrollTotp(username);
        events.skipAll();

        browser.logInWithPassword(username);
        // Two failures within the realm's quick-login window (1 s) lock the user for a minute.
        browser.enterTotp(app.wrongCode());
        browser.enterTotp(app.wrongCode());
        DemoRealm.awaitBruteForceFailures(realm, username, 2);
        browser.enterTotp(app.nextCode());

        assertTrue(browser.showsTotpCodeForm());
        assertTrue(browser.pageText().contains("Invalid code"), "a locked account is not told apart from a wrong code");
        assertTrue(loginErrors().contains("user_temporarily_disabled"));
        assertTrue((Boolean) realm.admin().attackDetection()
                .bruteForceUserStatus(DemoRealm.userId(realm, username)).get("disabled"));
    }

    @Test
    void anEmptyCodeIsAskedForAgainWithoutCountingAsAnAttempt() throws Exception {
        String username = DemoRealm.createUser(realm, "empty", DemoRealm.ENGINEERING);
        LoginBrowser browser = new LoginBrowser(driver, oauth, realm);
        AuthenticatorApp app = browser.enrollTotp(username);

        browser.logInWithPassword(username);
        browser.enterTotp("   ");

        assertTrue(browser.showsTotpCodeForm());
        assertTrue(browser.pageText().contains("Please enter the code."));
        assertEquals(0, DemoRealm.awaitBruteForceFailures(realm, username, 0));
        browser.enterTotp(app.nextCode());
        assertNotNull(oauth.parseLoginResponse().getCode());
    }

    private List<String> loginErrors() {
        List<String> errors = new ArrayList<>();
        for (EventRepresentation event = events.poll(); event != null; event = events.poll()) {
            if (EventType.LOGIN_ERROR.name().equals(event.getType())) {
                assertEquals("totp", event.getDetails().get("mfa_method"), "every error event names the method");
                errors.add(event.getError());
            }
        }
        return errors;
    }

    /**
     * Failures closer together than the realm's quick-login check (1 s, Keycloak's default) lock the user at once;
     * a person does not type that fast.
     */
    private static void pauseLikeAPerson() throws InterruptedException {
        Thread.sleep(1500);
    }
}
