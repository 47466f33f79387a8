package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keycloak.events.EventType;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.testframework.annotations.InjectEvents;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.events.Events;
import org.keycloak.testframework.remote.timeoffset.InjectTimeOffSet;
import org.keycloak.testframework.remote.timeoffset.TimeOffSet;
import org.openqa.selenium.Cookie;

/** "Remember this device" on the demo flow: /staff's policy remembers a browser for 7 days (P7D). */
@Tag("security")
@KeycloakIntegrationTest(config = MfaServerConfig.class)
class RememberDeviceTest extends DemoRealmBrowserTest {

    @InjectEvents
    Events events;

    @InjectTimeOffSet
    TimeOffSet timeOffSet;

    @Test
    void aRememberedBrowserSkipsMfaUntilThePolicysLifetimeEnds() throws Exception {
        String username = DemoRealm.createUser(realm, "remembered", DemoRealm.ENGINEERING);
        LoginBrowser browser = rememberedBrowserOf(username);

        Cookie cookie = browser.rememberDeviceCookie();
        assertTrue(cookie.isHttpOnly(), "scripts cannot read it");
        assertTrue(cookie.isSecure(), "sent over HTTPS only (localhost counts as a secure context)");
        assertEquals("/realms/mfa-demo/", cookie.getPath());

        events.skipAll();
        browser.logInWithPassword(username);
        assertNotNull(oauth.parseLoginResponse().getCode(), "no second factor on the remembered browser");
        EventRepresentation login = LoginEvents.next(events, EventType.LOGIN);
        assertEquals("remembered_device", login.getDetails().get("mfa_skipped"));

        timeOffSet.set(Duration.ofDays(8));
        browser.logInWithPassword(username);
        assertTrue(browser.showsTotpCodeForm(), "after 7 days the browser is asked again");
    }

    @Test
    void anotherUserOnTheSameBrowserIsStillAskedForTheirSecondFactor() throws Exception {
        String first = DemoRealm.createUser(realm, "first", DemoRealm.ENGINEERING);
        String second = DemoRealm.createUser(realm, "second", DemoRealm.ENGINEERING);
        LoginBrowser browser = rememberedBrowserOf(first);

        browser.logInWithPassword(second);

        assertTrue(browser.showsTotpEnrollment(), "the cookie is bound to the user who ticked the box");
    }

    @Test
    void signingTheUserOutEverywhereRevokesRememberedDevices() throws Exception {
        String username = DemoRealm.createUser(realm, "revoked", DemoRealm.ENGINEERING);
        LoginBrowser browser = rememberedBrowserOf(username);

        realm.admin().users().get(DemoRealm.userId(realm, username)).logout();
        browser.logInWithPassword(username);

        assertTrue(browser.showsTotpCodeForm(), "the admin's sign-out (and the MFA reset) revoke the device");
    }

    @Test
    void aPolicyThatNeverRemembersOffersNoBoxAndStopsHonouringOldCookies() throws Exception {
        String username = DemoRealm.createUser(realm, "never", DemoRealm.ENGINEERING);
        LoginBrowser browser = rememberedBrowserOf(username);

        String engineering = DemoRealm.groupPolicyAttribute(realm, DemoRealm.ENGINEERING);
        realm.updateWithCleanup(r -> r.attribute(engineering, "{\"rememberDevice\":\"never\"}"));
        browser.logInWithPassword(username);

        assertTrue(browser.showsTotpCodeForm(), "a shortened policy applies at once");
        assertFalse(browser.offersToRememberTheDevice());
    }

    /** A browser on which the user enrolled TOTP and ticked "Remember this device". */
    private LoginBrowser rememberedBrowserOf(String username) throws Exception {
        LoginBrowser browser = new LoginBrowser(driver, oauth, realm);
        browser.logInWithPassword(username);
        AuthenticatorApp app = AuthenticatorApp.scan(browser.qrCodeImage());
        assertTrue(browser.offersToRememberTheDevice());
        browser.tickRememberThisDevice();
        browser.finishEnrollment(app.currentCode(), "phone");
        assertNotNull(oauth.parseLoginResponse().getCode());
        return browser;
    }
}
