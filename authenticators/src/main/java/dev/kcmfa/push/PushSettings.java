package dev.kcmfa.push;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcmfa.core.MethodConfig;
import dev.kcmfa.core.StepConfig;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.RealmModel;
import org.keycloak.util.JsonSerialization;

/**
 * The push step's execution config, read with {@link StepConfig}; an unreadable service account leaves FCM off (phones then find the request by
 * asking Keycloak) and says why in {@link #problem()}.
 */
record PushSettings(int challengeSeconds, int pushesPerAddressPerHour, int pushesPerHour, int directGrantWaitSeconds,
        boolean allowUnmatched, PushApp app, Optional<Fcm> fcm, Optional<String> problem) {

    static final String CONF_CHALLENGE_SECONDS = "challengeSeconds";
    static final String CONF_PUSHES_PER_ADDRESS_PER_HOUR = "maxPushesPerUserAndAddressPerHour";
    static final String CONF_PUSHES_PER_HOUR = "maxPushesPerUserPerHour";
    static final String CONF_SERVICE_ACCOUNT = "fcmServiceAccount";
    static final String CONF_FCM_BASE_URL = "fcmBaseUrl";
    static final String CONF_DIRECT_GRANT_WAIT = "directGrantWaitSeconds";
    static final String CONF_ALLOW_UNMATCHED = "allowPushWithoutNumberMatching";
    static final int DEFAULT_DIRECT_GRANT_WAIT = 30;
    static final String DEFAULT_FCM_BASE_URL = "https://fcm.googleapis.com";
    static final int DEFAULT_CHALLENGE_SECONDS = 90;
    static final int DEFAULT_PUSHES_PER_ADDRESS_PER_HOUR = 10;
    static final int DEFAULT_PUSHES_PER_HOUR = 30;

    /** The parts of a Firebase service-account key file that sending needs. */
    record Fcm(String projectId, String clientEmail, String privateKeyId, String privateKeyPem, String tokenUri,
               String baseUrl) {
    }

    /** The settings an admin sees in the flow editor; the direct-grant step adds how long a token request waits. */
    static List<ProviderConfigProperty> properties(boolean directGrant) {
        ProviderConfigurationBuilder builder = ProviderConfigurationBuilder.create()
                .property().name(CONF_CHALLENGE_SECONDS).label("Request lifetime (seconds)")
                .helpText("How long the phone may answer, 60 to 120.").type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(Integer.toString(DEFAULT_CHALLENGE_SECONDS)).add()
                .property().name(CONF_PUSHES_PER_ADDRESS_PER_HOUR)
                .label("Requests per user and client address per hour")
                .helpText("How many sign-in requests logins from one client address (IPv6: one /64) may send one "
                        + "user in an hour, across logins, 1 to 100. Someone who knows the password spends only "
                        + "their own address's allowance, not the user's.")
                .type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(Integer.toString(DEFAULT_PUSHES_PER_ADDRESS_PER_HOUR)).add()
                .property().name(CONF_PUSHES_PER_HOUR).label("Requests per user per hour")
                .helpText("How many sign-in requests one user may receive in an hour from all addresses together, "
                        + "1 to 300: the ceiling that many addresses cannot pass.")
                .type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(Integer.toString(DEFAULT_PUSHES_PER_HOUR)).add()
                .property().name(CONF_SERVICE_ACCOUNT).label("FCM service account (JSON)")
                .helpText("The Firebase service-account key file, pasted whole. Without it no push is sent and "
                        + "phones find requests by asking Keycloak (the app's refresh).")
                .type(ProviderConfigProperty.TEXT_TYPE).secret(true).add()
                .property().name(CONF_FCM_BASE_URL).label("FCM base URL")
                .helpText("Only for tests and proxies. The token URL comes from the service account's token_uri.")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(DEFAULT_FCM_BASE_URL).add();
        if (directGrant) {
            directGrantProperties(builder);
        } else {
            appProperties(builder);
        }
        return builder.build();
    }

    /** What the browser step's pages say about the phone app. */
    private static void appProperties(ProviderConfigurationBuilder builder) {
        builder.property().name(PushApp.CONF_NAME).label("App name")
                .helpText("The phone app's name as users know it, shown on the push pages. Leave the name and both "
                        + "links empty to have the pages explain the reference device (device-cli) and its "
                        + "commands instead, as in the demo.").type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(PushApp.CONF_APP_STORE).label("App Store link")
                .helpText("The app's page on Apple's App Store, linked on the enrollment page. Only an https:// "
                        + "link is shown; any other value is left out and the server log says why.")
                .type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(PushApp.CONF_GOOGLE_PLAY).label("Google Play link")
                .helpText("The app's page on Google Play, linked on the enrollment page. Only an https:// link is "
                        + "shown; any other value is left out and the server log says why.")
                .type(ProviderConfigProperty.STRING_TYPE).add();
    }

    private static void directGrantProperties(ProviderConfigurationBuilder builder) {
        builder.property().name(CONF_DIRECT_GRANT_WAIT).label("Wait for the phone (seconds)")
                .helpText("How long a token request waits for the phone's answer, 5 to 60 (at most the request "
                        + "lifetime).").type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(Integer.toString(DEFAULT_DIRECT_GRANT_WAIT)).add()
                .property().name(CONF_ALLOW_UNMATCHED).label("Allow pushes without number matching")
                .helpText("Off: a token request must carry the two digits its tool shows to the user "
                        + "(parameter push_number), and the phone asks for them. On: a request without them "
                        + "still pushes, and the phone warns that it cannot be matched; anyone with the "
                        + "password can then send approvable pushes (push fatigue).")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("false").add();
    }

    static PushSettings of(AuthenticatorConfigModel model) {
        StepConfig config = StepConfig.of("Push", model);
        int seconds = config.number(CONF_CHALLENGE_SECONDS, 60, 120, DEFAULT_CHALLENGE_SECONDS);
        int perAddress = config.number(CONF_PUSHES_PER_ADDRESS_PER_HOUR, 1, 100, DEFAULT_PUSHES_PER_ADDRESS_PER_HOUR);
        int perHour = config.number(CONF_PUSHES_PER_HOUR, 1, 300, DEFAULT_PUSHES_PER_HOUR);
        int grantWait = config.number(CONF_DIRECT_GRANT_WAIT, 5, 60, DEFAULT_DIRECT_GRANT_WAIT);
        boolean allowUnmatched = config.flag(CONF_ALLOW_UNMATCHED);
        PushApp app = PushApp.of(config);
        String account = config.text(CONF_SERVICE_ACCOUNT);
        if (account.isEmpty()) {
            return new PushSettings(seconds, perAddress, perHour, grantWait, allowUnmatched, app, Optional.empty(),
                    Optional.empty());
        }
        try {
            String baseUrl = Optional.of(config.text(CONF_FCM_BASE_URL)).filter(s -> !s.isEmpty())
                    .orElse(DEFAULT_FCM_BASE_URL).replaceAll("/+$", "");
            return new PushSettings(seconds, perAddress, perHour, grantWait, allowUnmatched, app,
                    Optional.of(fcm(account, baseUrl)), Optional.empty());
        } catch (IOException | IllegalArgumentException e) {
            return new PushSettings(seconds, perAddress, perHour, grantWait, allowUnmatched, app, Optional.empty(),
                    Optional.of("FCM service account unreadable: " + e.getMessage()));
        }
    }

    /**
     * The push settings of the realm's browser flow, for the pages shown outside it (the required action "Set up
     * push approval"), so that they name the same app: those of its step "MFA - second factor", else of its push
     * step; the defaults when the browser flow has neither.
     */
    static PushSettings ofBrowserFlow(RealmModel realm) {
        return of(MethodConfig.inBrowserFlow(realm, PushMethod.PUSH));
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
