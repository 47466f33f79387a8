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
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.events.EventType;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectEvents;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.events.Events;
import org.keycloak.util.JsonSerialization;

/**
 * A "Condition - MFA method" that has lost its config (an admin deleted it, or deleted another flow whose executions
 * shared it) stops the login: it must not match nothing and let the password alone through. And the demo realm gives
 * every execution its own config, so deleting one of its flows leaves the others whole; an import file that does not
 * leaves executions naming configs that no longer exist, and their conditions stop the login too.
 */
@Tag("security")
@KeycloakIntegrationTest(config = MfaServerConfig.class)
class MethodConditionConfigTest extends DemoRealmBrowserTest {

    private static final String SHARED = "mfa-shared-configs";

    @InjectEvents
    Events events;

    @InjectAdminClient
    Keycloak adminClient;

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

    @Test
    void aTokenRequestIsRefusedWhenAnotherFlowTookTheConfigsItsConditionsSharedWithIt() throws Exception {
        RealmResource shared = importDemoRealmWhoseFlowsShareConfigs();
        try {
            RealmRepresentation settings = shared.toRepresentation();
            settings.setBrowserFlow("mfa reset credentials"); // any other flow: a bound flow cannot be deleted
            shared.update(settings);
            shared.flows().deleteFlow(shared.flows().getFlows().stream()
                    .filter(f -> "mfa browser".equals(f.getAlias())).findFirst().orElseThrow().getId());

            // alice of the import: /staff/engineering, TOTP required, no app yet; her password alone
            HttpResponse<String> response = passwordGrant(realm.getBaseUrl().replace("/realms/" + realm.getName(),
                    "/realms/" + SHARED), "client_id=demo-cli", "alice", null);

            assertEquals(400, response.statusCode(), "the direct-grant flow's negated conditions lost their "
                    + "settings: " + response.body());
            assertEquals("invalid_grant", new ObjectMapper().readTree(response.body()).path("error").asText());
        } finally {
            shared.remove();
        }
    }

    /**
     * The demo realm as an import file that names one config from two flows (the browser's and the direct grant's
     * network and method conditions), imported as another realm: Keycloak's import makes one config per alias.
     */
    private RealmResource importDemoRealmWhoseFlowsShareConfigs() throws Exception {
        ObjectNode rep = (ObjectNode) JsonSerialization.mapper.readTree(getClass().getResourceAsStream(DemoRealm.JSON));
        rep.put("realm", SHARED);
        for (JsonNode flow : rep.get("authenticationFlows")) {
            for (JsonNode execution : flow.get("authenticationExecutions")) {
                String alias = execution.path("authenticatorConfig").asText();
                if (alias.startsWith("mfa direct grant ")) {
                    ((ObjectNode) execution).put("authenticatorConfig", alias.contains(" method ")
                            ? alias.replace("mfa direct grant method ", "mfa method ")
                            : "mfa outside trusted networks");
                }
            }
        }
        adminClient.realms().create(JsonSerialization.mapper.treeToValue(rep, RealmRepresentation.class));
        return adminClient.realm(SHARED);
    }

    /** What an admin does in the console: deletes the config of the flow's "Condition - MFA method". */
    private void removeMethodConditionConfig(String flow) {
        realm.dirty();
        AuthenticationExecutionInfoRepresentation condition = realm.admin().flows().getExecutions(flow).stream()
                .filter(e -> "mfa-condition-method".equals(e.getProviderId())).findFirst().orElseThrow();
        realm.admin().flows().removeAuthenticatorConfig(condition.getAuthenticationConfig());
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
