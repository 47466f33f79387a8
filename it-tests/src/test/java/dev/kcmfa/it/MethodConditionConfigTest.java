package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keycloak.events.EventType;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.annotations.InjectEvents;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.events.Events;

/**
 * A "Condition - MFA method" without its config (an admin deleted it, or deleted another flow whose executions
 * shared it) stops the login: it must not match nothing and let the password alone through. The demo flows no
 * longer use the condition (one step, "MFA - second factor", runs the method), so these tests build the per-method
 * shape an admin may still have. And deleting one demo flow leaves the others whole.
 */
@Tag("security")
@KeycloakIntegrationTest(config = MfaServerConfig.class)
class MethodConditionConfigTest extends DemoRealmBrowserTest {

    @InjectEvents
    Events events;

    @Test
    void aBrowserLoginThroughAMethodConditionWithoutItsConfigIsRefusedNotLetThroughWithThePassword() {
        String alice = DemoRealm.createUserWithAuthenticatorApp(realm, "alice", DemoRealm.ENGINEERING);
        bindPerMethodFlow(false);
        events.skipAll();

        browser().logInWithPassword(alice);

        assertFalse(driver.driver().getCurrentUrl().contains("/callback"), "no authorization code for the password alone");
        assertTrue(browser().pageText().contains("Sign-in is not set up correctly"), browser().pageText());
        EventRepresentation refused = LoginEvents.next(events, EventType.LOGIN_ERROR);
        assertEquals("mfa_misconfigured", refused.getError());
        assertTrue(refused.getDetails().get("mfa_config_error").startsWith("no method configured"),
                refused.getDetails().toString());
    }

    @Test
    void aPasswordGrantThroughAMethodConditionWithoutItsConfigIsAnOAuthErrorNotTokens() throws Exception {
        String alice = DemoRealm.createUserWithAuthenticatorApp(realm, "alice", DemoRealm.ENGINEERING);
        bindPerMethodFlow(true);

        HttpResponse<String> response = passwordGrant(realm.getBaseUrl(), alice, AuthenticatorApp.fromSecret(DemoRealm.APP_SECRET_BASE32)
                .currentCode());

        PasswordGrant.assertRefused(response,
                "The sign-in flow is not set up correctly; please contact your administrator.");
    }

    @Test
    void deletingTheDirectGrantFlowLeavesTheBrowserFlowAskingForTheApp() throws Exception {
        String alice = DemoRealm.createUserWithAuthenticatorApp(realm, "alice", DemoRealm.ENGINEERING);
        realm.dirty();
        RealmRepresentation settings = realm.admin().toRepresentation();
        settings.setDirectGrantFlow("mfa browser"); // any other flow: a bound flow cannot be deleted
        realm.admin().update(settings);
        String directGrant = realm.admin().flows().getFlows().stream()
                .filter(f -> "mfa direct grant".equals(f.getAlias())).findFirst().orElseThrow().getId();
        realm.admin().flows().deleteFlow(directGrant);

        browser().logInWithPassword(alice);

        assertTrue(browser().showsTotpCodeForm(), "the browser flow's conditions kept their own configs: "
                + browser().pageText());
        browser().enterTotp(AuthenticatorApp.fromSecret(DemoRealm.APP_SECRET_BASE32).currentCode());
        assertNotNull(oauth.parseLoginResponse().getCode());
    }

    /**
     * Binds, as the browser or the direct-grant flow, the per-method shape: the password, then a conditional
     * sub-flow of "Condition - MFA method" with no config and the TOTP step.
     */
    private void bindPerMethodFlow(boolean directGrant) {
        realm.dirty();
        String top = directGrant ? "per-method direct grant" : "per-method browser";
        String sub = top + " totp";
        AuthenticationFlowRepresentation flow = new AuthenticationFlowRepresentation();
        flow.setAlias(top);
        flow.setProviderId("basic-flow");
        flow.setTopLevel(true);
        realm.admin().flows().createFlow(flow).close();
        List<String> passwordSteps = directGrant
                ? List.of("direct-grant-validate-username", "direct-grant-validate-password")
                : List.of("auth-username-password-form");
        passwordSteps.forEach(step -> addStep(top, step));
        realm.admin().flows().addExecutionFlow(top, Map.of("alias", sub, "type", "basic-flow", "provider",
                "registration-page-form", "description", "TOTP when the policy picks it"));
        addStep(sub, "mfa-condition-method");
        addStep(sub, directGrant ? "mfa-totp-direct-grant" : "mfa-totp");
        realm.admin().flows().getExecutions(top).forEach(e -> {
            e.setRequirement(sub.equals(e.getDisplayName()) ? "CONDITIONAL" : "REQUIRED");
            realm.admin().flows().updateExecutions(top, e);
        });
        RealmRepresentation settings = realm.admin().toRepresentation();
        if (directGrant) {
            settings.setDirectGrantFlow(top);
        } else {
            settings.setBrowserFlow(top);
        }
        realm.admin().update(settings);
    }

    private void addStep(String flow, String provider) {
        realm.admin().flows().addExecution(flow, Map.of("provider", provider));
    }

    /** The test framework's client of the managed realm. */
    private HttpResponse<String> passwordGrant(String realmUrl, String username, String otp) throws Exception {
        return passwordGrant(realmUrl, "client_id=test-app&client_secret=test-secret", username, otp);
    }

    private HttpResponse<String> passwordGrant(String realmUrl, String client, String username, String otp)
            throws Exception {
        String form = "grant_type=password&" + client + "&scope=openid"
                + "&username=" + username + "&password=" + username + (otp == null ? "" : "&otp=" + otp);
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        realmUrl + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private LoginBrowser browser() {
        return new LoginBrowser(driver, oauth, realm);
    }
}
