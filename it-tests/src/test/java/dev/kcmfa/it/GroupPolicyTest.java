package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.mail.MailServer;
import org.keycloak.testframework.mail.annotations.InjectMailServer;

/** Which users the demo realm's group policies send to a second factor. */
@KeycloakIntegrationTest(config = MfaServerConfig.class)
class GroupPolicyTest extends DemoRealmBrowserTest {

    /** Policies that allow email send codes: the realm's SMTP server must be up. */
    @InjectMailServer
    MailServer mail;

    @Test
    void aUserInAGroupWithoutItsOwnPolicyGetsTheRealmDefaultAndLogsInWithAPasswordOnly() {
        String username = DemoRealm.createUser(realm, "guest", DemoRealm.GUESTS);

        new LoginBrowser(driver, oauth, realm).logInWithPassword(username);

        assertNotNull(oauth.parseLoginResponse().getCode());
    }

    @Test
    void aUserInASubgroupInheritsTheParentGroupsRequirement() {
        String username = DemoRealm.createUser(realm, "engineer", DemoRealm.ENGINEERING);
        LoginBrowser browser = new LoginBrowser(driver, oauth, realm);

        browser.logInWithPassword(username);

        assertTrue(browser.showsTotpEnrollment(), "/staff requires MFA, so /staff/engineering does too");
    }

    @Test
    void aUserInSeveralGroupsGetsTheStrictestPolicy() {
        String username = DemoRealm.createUser(realm, "both", DemoRealm.GUESTS, DemoRealm.ENGINEERING);
        LoginBrowser browser = new LoginBrowser(driver, oauth, realm);

        browser.logInWithPassword(username);

        assertTrue(browser.showsTotpEnrollment());
    }

    @Test
    void aDuoOnlyPolicyWithDuoNotSetUpRefusesTheLoginInsteadOfLettingThePasswordThrough() {
        realm.updateWithCleanup(r -> r.attribute(DemoRealm.groupPolicyAttribute(realm, DemoRealm.GUESTS),
                "{\"enforcement\":\"required\",\"methods\":[\"duo\"]}"));
        String username = DemoRealm.createUser(realm, "duoless", DemoRealm.GUESTS);
        LoginBrowser browser = new LoginBrowser(driver, oauth, realm);

        browser.logInWithPassword(username);

        assertTrue(browser.pageText().contains("Sign-in with Duo is not set up correctly"), browser.pageText());
        assertFalse(driver.getCurrentUrl().contains("code="), "no code reaches the app");
    }

    @Test
    void theFirstMethodInThePolicysOrderThatTheUserHasIsUsed() {
        realm.updateWithCleanup(r -> r.attribute(DemoRealm.groupPolicyAttribute(realm, DemoRealm.GUESTS),
                "{\"enforcement\":\"required\",\"methods\":[\"email\",\"totp\"]}"));
        String username = DemoRealm.createUser(realm, "ordered", DemoRealm.GUESTS);
        LoginBrowser browser = new LoginBrowser(driver, oauth, realm);

        browser.logInWithPassword(username);

        assertTrue(browser.showsEmailCodeForm(), "a verified address makes email usable at once, and it comes first");
    }

    @Test
    void anUnreadablePolicyRequiresMfaInsteadOfSkippingIt() {
        String guests = DemoRealm.groupPolicyAttribute(realm, DemoRealm.GUESTS);
        realm.updateWithCleanup(r -> r.attribute(guests, "{\"enforcement\": \"of"));
        String username = DemoRealm.createUser(realm, "broken", DemoRealm.GUESTS);
        LoginBrowser browser = new LoginBrowser(driver, oauth, realm);

        browser.logInWithPassword(username);

        assertTrue(browser.showsTotpEnrollment() || browser.showsEmailCodeForm(),
                "fail closed: a broken policy never lets a password alone in");
        assertFalse(browser.pageText().contains("Exception"));
    }
}
