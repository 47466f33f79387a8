package dev.kcmfa.devicecli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A phone, as the push protocol sees it (docs/push-openapi.yaml): an ECDSA P-256 key pair made on the device, enrolled
 * with the single-use URL of the QR code, then used to sign answers to sign-in requests. A reference for app
 * developers and the device the integration tests use.
 */
public final class PushDevice {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String baseUrl;
    private final String userId;
    private final String credentialId;
    private final KeyPair keys;

    /**
     * A sign-in request as the phone shows it: which app, from where, and the nonce an answer must sign; whether the
     * user must type the number shown where they signed in (the browser, or the command-line tool), and the warning
     * to show when there is none ({@code no_number_matching}), null otherwise. {@code browser} and {@code os} are
     * names ("Firefox", "Windows"; empty when not known) for an app to word in its own language; {@code userAgent}
     * says the same in English ("Firefox on Windows"). An app's backchannel (CIBA) request has no number: it carries
     * the {@code bindingMessage} the app also shows its user, for the user to compare; null for other requests.
     */
    public record Challenge(String id, String nonce, String app, String ipAddress, String userAgent, String browser,
                            String os, long expiresAt, boolean numberRequired, String warning,
                            String bindingMessage) {
    }

    /** The server's reply to a request: its HTTP status and JSON body. */
    public record Reply(int status, JsonNode body) {
        public String field(String name) {
            return body.path(name).asText(null);
        }
    }

    private PushDevice(String baseUrl, String userId, String credentialId, KeyPair keys) {
        this.baseUrl = baseUrl;
        this.userId = userId;
        this.credentialId = credentialId;
        this.keys = keys;
    }

    /** Makes a key pair and registers it with the QR code's URL ({@code .../mfa-push/enroll?token=...}). */
    public static PushDevice enroll(String enrollUrl, String label, String fcmToken) throws IOException {
        KeyPair keys = newKeyPair();
        String token = queryParam(enrollUrl, "token");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token", token);
        body.put("label", label);
        body.put("fcmToken", fcmToken);
        body.put("publicKey", Base64.getEncoder().encodeToString(keys.getPublic().getEncoded()));
        body.put("signature", sign(keys.getPrivate(), "enroll|" + token));
        String base = enrollUrl.substring(0, enrollUrl.indexOf("/enroll"));
        Reply reply = new PushDevice(base, null, null, keys).post(enrollUrl, body);
        if (reply.status() != 201) {
            throw new IOException("enrollment refused: " + reply.status() + " " + reply.body());
        }
        return new PushDevice(base, reply.field("userId"), reply.field("credentialId"), keys);
    }

    /** The user's pending sign-in requests (at most one), asked with a signed, timestamped request. */
    public List<Challenge> pending() throws IOException {
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/devices/" + userId + "/" + credentialId
                        + "/challenges"))
                .header("X-Mfa-Timestamp", timestamp)
                .header("X-Mfa-Signature", sign(keys.getPrivate(), "pending|" + credentialId + "|" + timestamp))
                .GET().build();
        Reply reply = send(request);
        if (reply.status() != 200) {
            throw new IOException("listing refused: " + reply.status() + " " + reply.body());
        }
        List<Challenge> challenges = new ArrayList<>();
        for (JsonNode c : reply.body()) {
            challenges.add(new Challenge(c.path("challengeId").asText(), c.path("nonce").asText(),
                    c.path("app").asText(), c.path("ipAddress").asText(), c.path("userAgent").asText(),
                    c.path("browser").asText(), c.path("os").asText(), c.path("expiresAt").asLong(),
                    c.path("numberRequired").asBoolean(true), c.path("warning").asText(null),
                    c.path("bindingMessage").asText(null)));
        }
        return challenges;
    }

    /** Approves with the number shown where the user signed in (empty only for a request without number matching). */
    public Reply approve(Challenge challenge, String number) throws IOException {
        return respond(challenge.id(), challenge.nonce(), "approve", number);
    }

    public Reply deny(Challenge challenge) throws IOException {
        return respond(challenge.id(), challenge.nonce(), "deny", "");
    }

    /** "This wasn't me": denies and reports the request as fraud. */
    public Reply reportFraud(Challenge challenge) throws IOException {
        return respond(challenge.id(), challenge.nonce(), "fraud", "");
    }

    /** Signs {@code challengeId|nonce|decision|number} and posts the answer. */
    public Reply respond(String challengeId, String nonce, String decision, String number) throws IOException {
        return send(signedAnswer(challengeId, nonce, decision, number));
    }

    /** The exact answer request, for replaying it (tests) or sending it later. */
    public HttpRequest signedAnswer(String challengeId, String nonce, String decision, String number) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("userId", userId);
        body.put("credentialId", credentialId);
        body.put("decision", decision);
        body.put("number", number);
        body.put("signature", sign(keys.getPrivate(), challengeId + "|" + nonce + "|" + decision + "|" + number));
        return jsonPost(baseUrl + "/challenges/" + challengeId + "/response", body);
    }

    public Reply send(HttpRequest request) throws IOException {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            String body = response.body() == null || response.body().isBlank() ? "{}" : response.body();
            return new Reply(response.statusCode(), JSON.readTree(body));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    public String userId() {
        return userId;
    }

    public String credentialId() {
        return credentialId;
    }

    /** Another device for the same account: same ids, a different key (what a thief's copy of the ids would be). */
    public PushDevice withForeignKey() {
        return new PushDevice(baseUrl, userId, credentialId, newKeyPair());
    }

    /** Writes the device's ids and keys to {@code file}, owner-only (see {@link DeviceStore#write}). */
    public void save(Path file) throws IOException {
        Map<String, String> state = new LinkedHashMap<>();
        state.put("baseUrl", baseUrl);
        state.put("userId", userId);
        state.put("credentialId", credentialId);
        state.put("publicKey", Base64.getEncoder().encodeToString(keys.getPublic().getEncoded()));
        state.put("privateKey", Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded()));
        DeviceStore.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(state));
    }

    public static PushDevice load(Path file) throws IOException {
        JsonNode state = JSON.readTree(DeviceStore.read(file));
        try {
            KeyFactory ec = KeyFactory.getInstance("EC");
            PublicKey publicKey = ec.generatePublic(new X509EncodedKeySpec(
                    Base64.getDecoder().decode(state.path("publicKey").asText())));
            PrivateKey privateKey = ec.generatePrivate(new PKCS8EncodedKeySpec(
                    Base64.getDecoder().decode(state.path("privateKey").asText())));
            return new PushDevice(state.path("baseUrl").asText(), state.path("userId").asText(),
                    state.path("credentialId").asText(), new KeyPair(publicKey, privateKey));
        } catch (GeneralSecurityException e) {
            throw new IOException("unreadable device state in " + file, e);
        }
    }

    private Reply post(String url, Map<String, Object> body) throws IOException {
        return send(jsonPost(url, body));
    }

    private static HttpRequest jsonPost(String url, Map<String, Object> body) {
        try {
            return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("P-256 is part of every JDK", e);
        }
    }

    /** SHA256withECDSA, DER-encoded, Base64url without padding. */
    static String sign(PrivateKey key, String text) {
        try {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(key);
            signer.update(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String queryParam(String url, String name) {
        String query = URI.create(url).getRawQuery();
        for (String pair : query == null ? new String[0] : query.split("&")) {
            if (pair.startsWith(name + "=")) {
                return java.net.URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        throw new IllegalArgumentException("no " + name + " in " + url);
    }
}
