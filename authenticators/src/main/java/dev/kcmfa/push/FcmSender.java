package dev.kcmfa.push;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcmfa.core.BoundedHttp;
import org.keycloak.common.util.PemUtils;
import org.keycloak.common.util.Time;
import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.AsymmetricSignatureSignerContext;
import org.keycloak.crypto.KeyType;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.http.simple.SimpleHttpResponse;
import org.keycloak.jose.jws.JWSBuilder;
import org.keycloak.models.KeycloakSession;

/**
 * Sends a data message through the FCM HTTP v1 API: a service-account JWT (RS256, signed with Keycloak's crypto) is
 * exchanged for an access token at the account's {@code token_uri}, then {@code messages:send} is called. The message
 * holds only the challenge id and the realm; the phone fetches the rest from Keycloak.
 */
final class FcmSender {

    static final String SCOPE = "https://www.googleapis.com/auth/firebase.messaging";
    /** A login waits this long at most for Google (connect, and each read); a push that late is of no use. */
    private static final int TIMEOUT_SECONDS = 5;

    /**
     * Access tokens per service account on this node, reused until shortly before they expire (Google limits token
     * requests). A cache of a server credential, not login state: any node can fetch its own at any time.
     */
    private static final Map<String, AccessToken> TOKENS = new ConcurrentHashMap<>();

    private record AccessToken(String value, long expiresAt) {
    }

    private final KeycloakSession session;
    private final PushSettings.Fcm fcm;

    FcmSender(KeycloakSession session, PushSettings.Fcm fcm) {
        this.session = session;
        this.fcm = fcm;
    }

    /** Sends the challenge to one phone; throws with a reason fit for the server log when FCM refuses. */
    void send(String registrationToken, String realmName, String challengeId) throws IOException {
        Map<String, Object> message = Map.of("message", Map.of(
                "token", registrationToken,
                "data", Map.of("challengeId", challengeId, "realm", realmName),
                "android", Map.of("priority", "high"),
                "apns", Map.of("headers", Map.of("apns-priority", "10"))));
        if (post(message) == 401) {
            // the cached access token was revoked or rotated before its expiry: one new token, one more try
            TOKENS.remove(cacheKey());
            int status = post(message);
            if (status != 200) {
                throw new IOException("FCM answered " + status + " with a new access token");
            }
        }
    }

    /** Posts the message; 200 and 401 are answered with their status, any other answer throws with FCM's reason. */
    private int post(Map<String, Object> message) throws IOException {
        String url = fcm.baseUrl() + "/v1/projects/" + fcm.projectId() + "/messages:send";
        try (SimpleHttpResponse response = BoundedHttp.create(session, TIMEOUT_SECONDS).doPost(url)
                .auth(accessToken()).json(message).asResponse()) {
            int status = response.getStatus();
            if (status != 200 && status != 401) {
                throw new IOException("FCM answered " + status + ": " + abbreviated(response.asString()));
            }
            return status;
        }
    }

    private String accessToken() throws IOException {
        AccessToken cached = TOKENS.get(cacheKey());
        if (cached != null && cached.expiresAt() > Time.currentTime() + 60) {
            return cached.value();
        }
        try (SimpleHttpResponse response = BoundedHttp.create(session, TIMEOUT_SECONDS).doPost(fcm.tokenUri())
                .param("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer")
                .param("assertion", assertion()).asResponse()) {
            if (response.getStatus() != 200) {
                throw new IOException("token endpoint answered " + response.getStatus() + ": "
                        + abbreviated(response.asString()));
            }
            JsonNode body = response.asJson();
            AccessToken token = new AccessToken(body.path("access_token").asText(),
                    Time.currentTime() + body.path("expires_in").asLong(3600));
            TOKENS.put(cacheKey(), token);
            return token.value();
        }
    }

    private String assertion() throws IOException {
        KeyWrapper key = new KeyWrapper();
        key.setKid(fcm.privateKeyId());
        key.setAlgorithm(Algorithm.RS256);
        key.setType(KeyType.RSA);
        key.setUse(KeyUse.SIG);
        key.setPrivateKey(PemUtils.decodePrivateKey(fcm.privateKeyPem()));
        long now = Time.currentTime();
        Map<String, Object> claims = Map.of("iss", fcm.clientEmail(), "scope", SCOPE, "aud", fcm.tokenUri(),
                "iat", now, "exp", now + 3600);
        try {
            return new JWSBuilder().type("JWT").kid(fcm.privateKeyId()).jsonContent(claims)
                    .sign(new AsymmetricSignatureSignerContext(key));
        } catch (Exception e) {
            throw new IOException("could not sign the service-account assertion", e);
        }
    }

    private String cacheKey() {
        return fcm.clientEmail() + "#" + fcm.privateKeyId() + "#" + fcm.tokenUri();
    }

    private static String abbreviated(String body) {
        return body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }
}
