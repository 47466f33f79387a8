package dev.kcmfa.push;

import java.io.IOException;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcmfa.core.StepConfig;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.util.JsonSerialization;

/**
 * The push step's execution config, read with {@link StepConfig}; an unreadable service account leaves FCM off (phones then find the request by
 * asking Keycloak) and says why in {@link #problem()}.
 */
record PushSettings(int challengeSeconds, int pushesPerHour, Optional<Fcm> fcm, Optional<String> problem) {

    static final String CONF_CHALLENGE_SECONDS = "challengeSeconds";
    static final String CONF_PUSHES_PER_HOUR = "maxPushesPerUserPerHour";
    static final String CONF_SERVICE_ACCOUNT = "fcmServiceAccount";
    static final String CONF_FCM_BASE_URL = "fcmBaseUrl";
    static final String DEFAULT_FCM_BASE_URL = "https://fcm.googleapis.com";
    static final int DEFAULT_CHALLENGE_SECONDS = 90;
    static final int DEFAULT_PUSHES_PER_HOUR = 20;

    /** The parts of a Firebase service-account key file that sending needs. */
    record Fcm(String projectId, String clientEmail, String privateKeyId, String privateKeyPem, String tokenUri,
               String baseUrl) {
    }

    static PushSettings of(AuthenticatorConfigModel model) {
        StepConfig config = StepConfig.of("Push", model);
        int seconds = config.number(CONF_CHALLENGE_SECONDS, 60, 120, DEFAULT_CHALLENGE_SECONDS);
        int perHour = config.number(CONF_PUSHES_PER_HOUR, 1, 100, DEFAULT_PUSHES_PER_HOUR);
        String account = config.text(CONF_SERVICE_ACCOUNT);
        if (account.isEmpty()) {
            return new PushSettings(seconds, perHour, Optional.empty(), Optional.empty());
        }
        try {
            String baseUrl = Optional.of(config.text(CONF_FCM_BASE_URL)).filter(s -> !s.isEmpty())
                    .orElse(DEFAULT_FCM_BASE_URL).replaceAll("/+$", "");
            return new PushSettings(seconds, perHour, Optional.of(fcm(account, baseUrl)), Optional.empty());
        } catch (IOException | IllegalArgumentException e) {
            return new PushSettings(seconds, perHour, Optional.empty(),
                    Optional.of("FCM service account unreadable: " + e.getMessage()));
        }
    }

    private static Fcm fcm(String account, String baseUrl) throws IOException {
        JsonNode json = JsonSerialization.readValue(account, JsonNode.class);
        return new Fcm(required(json, "project_id"), required(json, "client_email"), required(json, "private_key_id"),
                required(json, "private_key"), required(json, "token_uri"), baseUrl);
    }

    private static String required(JsonNode json, String field) {
        String value = json.path(field).asText("");
        if (value.isBlank()) {
            throw new IllegalArgumentException("'" + field + "' is missing");
        }
        return value;
    }
}
