package dev.kcmfa.duo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import org.keycloak.util.JsonSerialization;

/**
 * The HS512 JWTs of Duo's Universal Prompt: the signed authorization request and client assertions we send, and the
 * id_token Duo returns, all keyed with the application's client secret. Verification accepts HS512 only, so a token
 * cannot downgrade itself to "none" or another algorithm.
 */
final class DuoJwt {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private DuoJwt() {
    }

    static String sign(Map<String, Object> claims, String secret) {
        try {
            String header = B64.encodeToString("{\"alg\":\"HS512\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
            String payload = B64.encodeToString(JsonSerialization.writeValueAsBytes(claims));
            return header + "." + payload + "." + B64.encodeToString(hmac(header + "." + payload, secret));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The claims of a token signed with {@code secret} using HS512; throws if it is anything else. */
    static JsonNode verify(String token, String secret) throws DuoFailure.Refused {
        String[] parts = token == null ? new String[0] : token.split("\\.");
        if (parts.length != 3) {
            throw unverifiable("id_token is not a JWS");
        }
        try {
            JsonNode header = JsonSerialization.readValue(Base64.getUrlDecoder().decode(parts[0]), JsonNode.class);
            if (!"HS512".equals(header.path("alg").asText())) {
                throw unverifiable("id_token algorithm is not HS512");
            }
            byte[] expected = hmac(parts[0] + "." + parts[1], secret);
            if (!MessageDigest.isEqual(expected, Base64.getUrlDecoder().decode(parts[2]))) {
                throw unverifiable("id_token signature does not verify");
            }
            return JsonSerialization.readValue(Base64.getUrlDecoder().decode(parts[1]), JsonNode.class);
        } catch (IOException | IllegalArgumentException e) {
            throw unverifiable("id_token is unreadable");
        }
    }

    private static DuoFailure.Refused unverifiable(String problem) {
        return new DuoFailure.Refused(DuoRefusal.UNVERIFIABLE, problem);
    }

    static byte[] hmac(String text, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA512");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA512"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA512 is part of every JDK", e);
        }
    }
}
