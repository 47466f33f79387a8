package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.URI;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import org.keycloak.admin.client.resource.ClientResource;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.testframework.oauth.OAuthClient;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * What the test app reads from its ID token once a login has come back to it: the token checked as an app's OIDC
 * library checks it (Nimbus: signature by the realm's published keys, issuer, audience), then its {@code acr} and
 * {@code amr}.
 */
record AppIdToken(String acr, List<String> amr) {

    /** The {@code claims} request (OIDC Core 5.5) of an app that needs an ID token whose {@code acr} is {@code value}. */
    static String essentialAcr(String value) {
        return "{\"id_token\":{\"acr\":{\"essential\":true,\"values\":[\"" + value + "\"]}}}";
    }

    /** Redeems the code the login brought back to the test app and reads the ID token it gets. */
    static AppIdToken afterLogin(ManagedRealm realm, OAuthClient oauth) throws Exception {
        String code = oauth.parseLoginResponse().getCode();
        assertNotNull(code, "the login came back to the app with a code");
        return of(realm, "test-app", oauth.doAccessTokenRequest(code).getIdToken());
    }

    /** Reads an ID token a client ({@code clientId}) got by any grant, a tool's device grant say, as an app does. */
    static AppIdToken of(ManagedRealm realm, String clientId, String idToken) throws Exception {
        return of(realm.getBaseUrl(), clientId, idToken);
    }

    /** The same, for a token issued at another address of the realm ({@code http://127.0.0.1:8080/realms/...}). */
    static AppIdToken of(String realmUrl, String clientId, String idToken) throws Exception {
        assertNotNull(idToken, "the token response holds an ID token");
        IDTokenValidator validator = new IDTokenValidator(new Issuer(realmUrl), new ClientID(clientId),
                JWSAlgorithm.RS256, URI.create(realmUrl + "/protocol/openid-connect/certs").toURL());
        IDTokenClaimsSet claims = validator.validate(JWTParser.parse(idToken), null);
        List<String> amr = claims.getStringListClaim("amr");
        return new AppIdToken(claims.getStringClaim("acr"), amr == null ? List.of() : amr);
    }

    /**
     * The bundle's amr mapper on a client the test framework adds to the realm (the demo realm has it on its own
     * clients), as an admin adds it: once, kept.
     */
    static void clientReadsAmr(ManagedRealm realm, String clientId) {
        ClientResource client = realm.admin().clients().get(
                realm.admin().clients().findByClientId(clientId).get(0).getId());
        if (client.getProtocolMappers().getMappers().stream().noneMatch(m -> "amr".equals(m.getName()))) {
            ProtocolMapperRepresentation amr = new ProtocolMapperRepresentation();
            amr.setName("amr");
            amr.setProtocol("openid-connect");
            amr.setProtocolMapper("mfa-amr-mapper");
            amr.setConfig(Map.of("id.token.claim", "true", "access.token.claim", "true"));
            client.getProtocolMappers().createMapper(amr).close();
        }
    }
}
