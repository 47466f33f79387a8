package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.oauth.OAuthClient;
import org.keycloak.testframework.oauth.annotations.InjectOAuthClient;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * The password grant for the demo realm's /staff/engineering (TOTP required), as curl or a command-line tool sends it:
 * every refusal is an OAuth error a tool can show, never a server error.
 */
@Tag("security")
@KeycloakIntegrationTest(config = MfaServerConfig.class)
class TotpPasswordGrantTest {

    @InjectRealm(fromJson = DemoRealm.JSON)
    ManagedRealm realm;

    /** Registers the test app (client secret "test-secret") that the token requests name. */
    @InjectOAuthClient
    OAuthClient oauth;

    @Test
    void aUserWithoutAnAppIsToldToSetOneUpInTheBrowserNotAServerError() throws Exception {
        String username = DemoRealm.createUser(realm, "noapp", DemoRealm.ENGINEERING);

        HttpResponse<String> response = passwordGrant(username, "123456");

        assertEquals(400, response.statusCode(), response.body());
        JsonNode body = new ObjectMapper().readTree(response.body());
        assertEquals("invalid_grant", body.path("error").asText());
        assertTrue(body.path("error_description").asText().contains("set up an authenticator app"), response.body());
    }

    @Test
    void theRightCodeGetsTokensAndAWrongOrMissingOneIsAnInvalidGrantThatCounts() throws Exception {
        String username = DemoRealm.createUserWithAuthenticatorApp(realm, "tool", DemoRealm.ENGINEERING);
        AuthenticatorApp app = AuthenticatorApp.fromSecret(DemoRealm.APP_SECRET_BASE32);

        HttpResponse<String> missing = passwordGrant(username, null);
        HttpResponse<String> wrong = passwordGrant(username, app.wrongCode());

        for (HttpResponse<String> refused : List.of(missing, wrong)) {
            assertEquals(400, refused.statusCode(), refused.body());
            JsonNode body = new ObjectMapper().readTree(refused.body());
            assertEquals("invalid_grant", body.path("error").asText());
            assertFalse(body.path("error_description").asText().isEmpty(), refused.body());
        }
        assertEquals(1, DemoRealm.awaitBruteForceFailures(realm, username, 1),
                "the wrong code counts for brute-force protection, the missing one does not");
        Thread.sleep(1500); // out of the realm's quick-login window, which would lock the user for a minute
        HttpResponse<String> right = passwordGrant(username, app.nextCode());
        assertEquals(200, right.statusCode(), right.body());
        assertTrue(new ObjectMapper().readTree(right.body()).hasNonNull("access_token"));
    }

    /** The test app's password grant, with a code from the app or (null) without one. */
    private HttpResponse<String> passwordGrant(String username, String otp) throws Exception {
        return PasswordGrant.send(realm, PasswordGrant.TEST_APP, username, otp == null ? Map.of() : Map.of("otp", otp));
    }
}
