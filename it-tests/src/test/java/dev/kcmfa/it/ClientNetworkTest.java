package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keycloak.events.EventType;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.testframework.annotations.InjectEvents;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.events.Events;

/** The demo flow's "Condition - client network" (negated, networks from the policy) in front of the TOTP step. */
@Tag("security")
@KeycloakIntegrationTest(config = MfaServerConfig.class)
class ClientNetworkTest extends DemoRealmBrowserTest {

    /** What an attacker outside would claim to be: an address in the range the test policy trusts. */
    private static final Map<String, String> SPOOFED = Map.of(
            "X-Forwarded-For", "203.0.113.5",
            "Forwarded", "for=203.0.113.5;proto=https",
            "X-Real-IP", "203.0.113.5");

    @InjectEvents
    Events events;

    @Test
    void anEnrolledUserSkipsMfaFromATrustedNetworkAndTheLoginEventSaysWhy() throws Exception {
        String username = DemoRealm.createUser(realm, "office", DemoRealm.OFFICE);
        LoginBrowser browser = new LoginBrowser(driver, oauth, realm);
        browser.enrollTotp(username);
        events.skipAll();

        browser.logInWithPassword(username);

        assertNotNull(oauth.parseLoginResponse().getCode(), "no second factor from 127.0.0.1 / ::1");
        EventRepresentation login = LoginEvents.next(events, EventType.LOGIN);
        assertEquals("trusted_network", login.getDetails().get("mfa_skipped"));
    }

    @Test
    void aUserWithoutASecondFactorMustEnrollEvenFromATrustedNetwork() {
        String username = DemoRealm.createUser(realm, "newcomer", DemoRealm.OFFICE);
        LoginBrowser browser = new LoginBrowser(driver, oauth, realm);

        browser.logInWithPassword(username);

        assertTrue(browser.showsTotpEnrollment(), "a password alone must not reach the account from inside");
    }

    @Test
    void forgedForwardingHeadersNeverMakeAClientTrusted() throws Exception {
        String username = DemoRealm.createUser(realm, "remote", DemoRealm.ENGINEERING);
        new LoginBrowser(driver, oauth, realm).enrollTotp(username);
        String loginUrl = oauth.loginForm().build();

        realm.updateWithCleanup(r -> r.attribute(DemoRealm.groupPolicyAttribute(realm, DemoRealm.ENGINEERING),
                "{\"trustedNetworks\":[\"203.0.113.0/24\"]}"));
        HttpResponse<String> forged = new RawHttpLogin().logInWithPassword(loginUrl, username, SPOOFED);
        assertTrue(RawHttpLogin.asksForTotp(forged), () -> "the server's proxy settings ignore these headers: "
                + forged.statusCode() + " " + forged.headers().map() + " " + forged.body());

        realm.updateWithCleanup(r -> r.attribute(DemoRealm.groupPolicyAttribute(realm, DemoRealm.ENGINEERING),
                "{\"trustedNetworks\":[\"127.0.0.0/8\",\"::1/128\"]}"));
        HttpResponse<String> local = new RawHttpLogin().logInWithPassword(loginUrl, username, SPOOFED);
        assertTrue(RawHttpLogin.loggedIn(local), "the real client address is what counts: " + local.statusCode());
    }

    @Test
    void aUserInAnExemptGroupNeverSeesASecondFactorAndTheEventSaysWhy() throws Exception {
        String username = DemoRealm.createUser(realm, "exempt", DemoRealm.EXEMPT);
        events.skipAll();

        new LoginBrowser(driver, oauth, realm).logInWithPassword(username);

        assertNotNull(oauth.parseLoginResponse().getCode());
        assertEquals("policy_off", LoginEvents.next(events, EventType.LOGIN).getDetails().get("mfa_skipped"));
    }
}
