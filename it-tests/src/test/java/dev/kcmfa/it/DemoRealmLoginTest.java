package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.junit.jupiter.api.Test;
import org.keycloak.representations.AccessToken;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.oauth.OAuthClient;
import org.keycloak.testframework.oauth.annotations.InjectOAuthClient;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testsuite.util.oauth.AccessTokenResponse;
import org.keycloak.testsuite.util.oauth.AuthorizationEndpointResponse;

@KeycloakIntegrationTest(config = MfaServerConfig.class)
class DemoRealmLoginTest {

    @InjectRealm(fromJson = DemoRealm.JSON)
    ManagedRealm realm;

    @InjectOAuthClient
    OAuthClient oauth;

    @Test
    void demoUserWhosePolicyDoesNotAskForMfaLogsInWithPasswordAndGetsATokens() {
        AuthorizationEndpointResponse response = oauth.doLogin("bob", "bob");

        assertNotNull(response.getCode(), "the browser flow redirects to the app with a code");
        AccessTokenResponse tokens = oauth.doAccessTokenRequest(response.getCode());
        assertEquals(200, tokens.getStatusCode());
        AccessToken token = oauth.parseToken(tokens.getAccessToken(), AccessToken.class);
        assertEquals("bob", token.getPreferredUsername());
    }
}
