package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keycloak.events.EventType;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.annotations.InjectEvents;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.events.Events;

/**
 * A "Condition - MFA method" that has lost its config (an admin deleted it, or deleted another flow whose executions
 * shared it) stops the login: it must not match nothing and let the password alone through. And the demo realm gives
 * every execution its own config, so deleting one of its flows leaves the others whole.
 */
@Tag("security")
@KeycloakIntegrationTest(config = MfaServerConfig.class)
class MethodConditionConfigTest extends DemoRealmBrowserTest {

    @InjectEvents
    Events events;

    @Test
    void aBrowserLoginThroughAMethodConditionWithoutItsConfigIsRefusedNotLetThroughWithThePassword() {
        String alice = DemoRealm.createUserWithAuthenticatorApp(realm, "alice", DemoRealm.ENGINEERING);
        removeMethodConditionConfig("mfa browser totp");
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
        removeMethodConditionConfig("mfa direct grant totp");

        HttpResponse<String> response = passwordGrant(alice, AuthenticatorApp.fromSecret(DemoRealm.APP_SECRET_BASE32)
                .currentCode());

        assertEquals(401, response.statusCode(), response.body());
        JsonNode body = new ObjectMapper().readTree(response.body());
        assertEquals("invalid_grant", body.path("error").asText());
        assertFalse(body.has("access_token"));
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

    /** What an admin does in the console: deletes the config of the flow's "Condition - MFA method". */
    private void removeMethodConditionConfig(String flow) {
        realm.dirty();
        AuthenticationExecutionInfoRepresentation condition = realm.admin().flows().getExecutions(flow).stream()
                .filter(e -> "mfa-condition-method".equals(e.getProviderId())).findFirst().orElseThrow();
        realm.admin().flows().removeAuthenticatorConfig(condition.getAuthenticationConfig());
    }

    private HttpResponse<String> passwordGrant(String username, String otp) throws Exception {
        String form = "grant_type=password&client_id=test-app&client_secret=test-secret&scope=openid"
                + "&username=" + username + "&password=" + username + "&otp=" + otp;
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        realm.getBaseUrl() + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private LoginBrowser browser() {
        return new LoginBrowser(driver, oauth, realm);
    }
}
