package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.mail.MailServer;
import org.keycloak.testframework.mail.annotations.InjectMailServer;
import org.keycloak.testframework.oauth.OAuthClient;
import org.keycloak.testframework.oauth.annotations.InjectOAuthClient;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * Garbage in, 4xx out: every REST endpoint of the bundle gets malformed, oversized, wrongly typed and random input,
 * generated from a fixed seed (repeatable) in a bounded number of requests, and must answer below 500 with a
 * readable message, never a stack trace. Valid-looking input may succeed; nothing may crash.
 */
@Tag("security")
@KeycloakIntegrationTest(config = MfaServerConfig.class)
class RestInputFuzzTest {

    private static final long SEED = 20261122L;
    private static final int ROUNDS = 60;
    private static final List<String> POLICY_FIELDS = List.of("enforcement", "methods", "rememberDevice",
            "trustedNetworks", "enrollmentGrace", "maxAttempts", "codeTtl");
    private static final List<String> PUSH_FIELDS = List.of("token", "label", "fcmToken", "publicKey", "signature",
            "userId", "credentialId", "decision", "number");

    @InjectRealm(fromJson = DemoRealm.JSON)
    ManagedRealm realm;

    @InjectAdminClient
    Keycloak adminClient;

    @InjectOAuthClient
    OAuthClient oauth;

    /** The realm's SMTP server, for the email step. */
    @InjectMailServer
    MailServer mail;

    private final Random random = new Random(SEED);
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> failures = new ArrayList<>();
    private final Map<String, Integer> statuses = new TreeMap<>();

    @Test
    void everyEndpointAnswersGarbageWithA4xxAndAMessageNeverA5xx() throws Exception {
        String admin = realm.getBaseUrl().replace("/realms/", "/admin/realms/") + "/mfa/";
        String push = realm.getBaseUrl() + "/mfa-push/";
        String token = adminClient.tokenManager().getAccessTokenString();
        for (int round = 0; round < ROUNDS; round++) {
            send("PUT", admin + "policies/" + scope(), body(POLICY_FIELDS), token);
            send("POST", admin + "policies/validate", body(POLICY_FIELDS), token);
            send("GET", admin + "users/" + encode(word()) + "/effective-policy", null, token);
            send("POST", push + "enroll?token=" + encode(word()), body(PUSH_FIELDS), null);
            send("POST", push + "challenges/" + encode(word()) + "/response", body(PUSH_FIELDS), null);
            send("GET", push + "devices/" + encode(word()) + "/" + encode(word()) + "/challenges", null, null);
            send("GET", push + "challenges/" + encode(word()) + "/status?wait=" + (random.nextInt(3) - 1), null, null);
        }
        System.out.println("fuzz answers (endpoint status: count) " + statuses);
        assertTrue(failures.isEmpty(), failures.size() + " answers broke the rule:\n" + String.join("\n", failures));
    }

    @Test
    void garbageInAnAdminsStepSettingsFallsBackToSafeDefaultsAndNeverBreaksALogin() throws Exception {
        DemoRealm.configureEmailStep(realm, Map.of("codeLength", "abc", "resendCooldownSeconds", "-5",
                "maxSendsPerLogin", "99999999999", "maxSendsPerUserPerHour", "\u0000", "unverifiedAddress", "maybe"));
        DemoRealm.configurePushSteps(realm, Map.of("challengeSeconds", "soon", "fcmServiceAccount", "{not json",
                "maxPushesPerUserPerHour", "1e9"));
        DemoRealm.configureDuoSteps(realm, Map.of("apiHost", "", "failMode", "sometimes"));

        HttpResponse<String> email = new RawHttpLogin().logInWithPassword(loginUrl(), DemoRealm.createUser(realm,
                "badcfg", DemoRealm.CONTRACTORS), Map.of());
        HttpResponse<String> push = new RawHttpLogin().logInWithPassword(loginUrl(), DemoRealm.createUser(realm,
                "badpush", DemoRealm.MOBILE), Map.of());
        HttpResponse<String> duo = new RawHttpLogin().logInWithPassword(loginUrl(), DemoRealm.createUser(realm,
                "badduo", DemoRealm.PARTNERS), Map.of());

        assertTrue(email.body().contains("id=\"mfa-email-form\""), "email step with defaults: " + email.body());
        assertTrue(push.body().contains("id=\"mfa-push-qr\""), "push step with defaults: " + push.body());
        assertEquals(403, duo.statusCode(), "Duo without an API host fails closed");
        assertTrue(duo.body().contains("Sign-in with Duo is not set up correctly"), duo.body());
    }

    private String loginUrl() {
        return oauth.loginForm().build();
    }

    private void send(String method, String url, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .header("X-Mfa-Timestamp", encode(word()))
                .header("X-Mfa-Signature", encode(word()))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        statuses.merge(URI.create(url).getPath().replaceAll(".*/(mfa|mfa-push)/", "").replaceAll("/[^/]*$", "/…")
                .replaceAll("^(users|devices|challenges)/.*", "$1/…") + " " + status, 1, Integer::sum);
        String text = response.body() == null ? "" : response.body();
        boolean explained = status < 400 || text.contains("error") || text.contains("message");
        if (status >= 500 || !explained || text.contains("Exception") || text.contains("\tat ")) {
            failures.add(status + " " + method + " " + abbreviate(url) + " <- " + abbreviate(String.valueOf(body))
                    + " -> " + abbreviate(text));
        }
    }

    /** A JSON-ish body: often an object with the endpoint's own field names holding wrong things, sometimes junk. */
    private String body(List<String> fields) {
        return switch (random.nextInt(6)) {
            case 0 -> word();
            case 1 -> "[" + value(2) + "]";
            case 2 -> "{\"" + fields.get(random.nextInt(fields.size())) + "\": " + "\"" + "x".repeat(20_000) + "\"}";
            default -> {
                StringBuilder json = new StringBuilder("{");
                int count = 1 + random.nextInt(fields.size());
                for (int i = 0; i < count; i++) {
                    String key = random.nextInt(5) == 0 ? word() : fields.get(random.nextInt(fields.size()));
                    json.append(i == 0 ? "" : ",").append('"').append(key.replace("\"", "")).append("\":")
                            .append(value(3));
                }
                yield random.nextInt(10) == 0 ? json.toString() : json.append('}').toString();
            }
        };
    }

    private String value(int depth) {
        return switch (depth <= 0 ? random.nextInt(5) : random.nextInt(8)) {
            case 0 -> "null";
            case 1 -> Long.toString(random.nextLong());
            case 2 -> random.nextBoolean() ? "true" : "-1e309";
            case 3, 4 -> "\"" + word().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
            case 5 -> "[" + value(depth - 1) + "," + value(depth - 1) + "]";
            default -> "{\"a\":" + value(depth - 1) + "}";
        };
    }

    /** Short strings of the kinds that break parsers: control characters, unicode, CIDR-ish and path-ish text. */
    private String word() {
        String[] kinds = {"", " ", "%00", "../../etc", "10.0.0.0/33", "::ffff:1.2.3.4/129", "P-1D", "PT0S",
                "\u0000\u0001", "ü\uD83D\uDE00", "totp,email", "required", "-2147483649", "9".repeat(40),
                "<script>", "' or 1=1 --", "group:/" + "x/".repeat(50)};
        if (random.nextBoolean()) {
            return kinds[random.nextInt(kinds.length)];
        }
        StringBuilder word = new StringBuilder();
        for (int i = random.nextInt(30); i > 0; i--) {
            word.append((char) (0x20 + random.nextInt(0x5f)));
        }
        return word.toString();
    }

    private static String scope() {
        return "group:/guests";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String abbreviate(String text) {
        return text.length() > 160 ? text.substring(0, 160) + "…" : text;
    }
}
