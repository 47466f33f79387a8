package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keycloak.events.EventType;
import org.keycloak.testframework.annotations.InjectEvents;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.events.Events;
import org.keycloak.testframework.remote.timeoffset.InjectTimeOffSet;
import org.keycloak.testframework.remote.timeoffset.TimeOffSet;

/** The policy's enrollmentGrace: "Not now" on the enrollment page while it lasts, then enrolling is required. */
@Tag("security")
@KeycloakIntegrationTest(config = MfaServerConfig.class)
class EnrollmentGraceTest extends DemoRealmBrowserTest {

    @InjectEvents
    Events events;

    @InjectTimeOffSet
    TimeOffSet timeOffSet;

    @Test
    void aUserMayPostponeEnrollingDuringTheGraceAndMustEnrollAfterIt() {
        String engineering = DemoRealm.groupPolicyAttribute(realm, DemoRealm.ENGINEERING);
        realm.updateWithCleanup(r -> r.attribute(engineering, "{\"enrollmentGrace\":\"P7D\"}"));
        String username = DemoRealm.createUser(realm, "later", DemoRealm.ENGINEERING);
        LoginBrowser browser = new LoginBrowser(driver, oauth, realm);

        browser.logInWithPassword(username);
        assertTrue(browser.showsTotpEnrollment());
        assertTrue(browser.pageText().contains("You can postpone this until"), browser.pageText());
        events.skipAll();
        browser.postponeEnrollment();
        assertNotNull(oauth.parseLoginResponse().getCode(), "logged in without a second factor, for now");
        assertEquals("enrollment_postponed",
                LoginEvents.next(events, EventType.LOGIN).getDetails().get("mfa_skipped"));

        timeOffSet.set(Duration.ofDays(8));
        browser.logInWithPassword(username);
        assertTrue(browser.showsTotpEnrollment());
        assertFalse(browser.offersToPostponeEnrollment(), "the grace counts from the first time the login asked");

        browser.forcePostponeEnrollment();
        assertTrue(browser.showsTotpEnrollment(), "the server decides, not the button");
        assertTrue(browser.pageText().contains("This can no longer be postponed"), browser.pageText());
    }

    @Test
    void withoutAGraceThereIsNoWayToPostpone() {
        String username = DemoRealm.createUser(realm, "now", DemoRealm.ENGINEERING);
        LoginBrowser browser = new LoginBrowser(driver, oauth, realm);

        browser.logInWithPassword(username);
        assertFalse(browser.offersToPostponeEnrollment());
        browser.forcePostponeEnrollment();

        assertTrue(browser.showsTotpEnrollment());
        assertTrue(browser.pageText().contains("This can no longer be postponed"));
    }
}
