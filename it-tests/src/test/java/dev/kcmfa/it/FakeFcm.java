package dev.kcmfa.it;

import static dev.kcmfa.it.FakeServerHttp.form;
import static dev.kcmfa.it.FakeServerHttp.reply;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Firebase Cloud Messaging on loopback, speaking its real wire protocol: the OAuth 2.0 JWT-bearer token exchange of a
 * Google service account (RS256 assertion checked against the account's key, issuer, audience, scope and expiry) and
 * the HTTP v1 {@code projects/{id}/messages:send} call with the bearer token. Delivered messages queue up for the
 * test, as they would on the phone.
 */
final class FakeFcm implements AutoCloseable {

    static final String PROJECT = "kc-mfa-test";
    static final String CLIENT_EMAIL = "push@kc-mfa-test.iam.gserviceaccount.com";
    static final String SCOPE = "https://www.googleapis.com/auth/firebase.messaging";

    /** A message as the phone receives it: the registration token it was sent to and its data. */
    record Push(String registrationToken, Map<String, String> data) {
    }

    private static final ObjectMapper JSON = FakeServerHttp.JSON;

    private final HttpServer server;
    private final KeyPair serviceAccountKey;
    private final Set<String> accessTokens = ConcurrentHashMap.newKeySet();
    private final BlockingQueue<Push> delivered = new LinkedBlockingQueue<>();
    private final Set<String> unregistered = ConcurrentHashMap.newKeySet();
    private volatile boolean failing;

    FakeFcm(int port) throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        serviceAccountKey = rsa.generateKeyPair();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/token", this::token);
        server.createContext("/v1/projects/", this::send);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The key file an admin downloads from the Firebase console, pointing its token_uri here. */
    String serviceAccountJson() throws IOException {
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(serviceAccountKey.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        Map<String, String> account = new HashMap<>();
        account.put("type", "service_account");
        account.put("project_id", PROJECT);
        account.put("private_key_id", "key-1");
        account.put("private_key", pem);
        account.put("client_email", CLIENT_EMAIL);
        account.put("token_uri", baseUrl() + "/token");
        return JSON.writeValueAsString(account);
    }

    /** The next message delivered to this phone, waiting for it a little; messages to other phones are skipped. */
    Push nextPushTo(String registrationToken) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        for (Push push = delivered.poll(10, TimeUnit.SECONDS); push != null;
                push = delivered.poll(Math.max(0, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS)) {
            if (push.registrationToken().equals(registrationToken)) {
                return push;
            }
        }
        throw new AssertionError("no push was delivered to " + registrationToken);
    }

    /** Whether a message to this phone was delivered and is still waiting to be read. */
    boolean hasPushFor(String registrationToken) {
        return delivered.stream().anyMatch(push -> push.registrationToken().equals(registrationToken));
    }

    /** FCM answers 404 UNREGISTERED for this token from now on, as for an uninstalled app. */
    void unregister(String registrationToken) {
        unregistered.add(registrationToken);
    }

    /** Every access token issued so far is refused from now on (401), as when Google revokes or rotates them. */
    void revokeAccessTokens() {
        accessTokens.clear();
    }

    /** While on, every send gets {@code 500 INTERNAL}, as when Firebase has an outage. */
    void failing(boolean on) {
        failing = on;
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> form = form(exchange);
        if (!"urn:ietf:params:oauth:grant-type:jwt-bearer".equals(form.get("grant_type"))
                || !validAssertion(form.getOrDefault("assertion", ""))) {
            reply(exchange, 400, Map.of("error", "invalid_grant", "error_description", "Invalid JWT Signature."));
            return;
        }
        String token = "ya29." + UUID.randomUUID();
        accessTokens.add(token);
        reply(exchange, 200, Map.of("access_token", token, "expires_in", 3599, "token_type", "Bearer"));
    }

    private boolean validAssertion(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            return false;
        }
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initVerify(serviceAccountKey.getPublic());
            rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!rs256.verify(Base64.getUrlDecoder().decode(parts[2]))) {
                return false;
            }
            JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            long now = System.currentTimeMillis() / 1000;
            return "RS256".equals(header.path("alg").asText())
                    && CLIENT_EMAIL.equals(claims.path("iss").asText())
                    && (baseUrl() + "/token").equals(claims.path("aud").asText())
                    && SCOPE.equals(claims.path("scope").asText())
                    && claims.path("exp").asLong() > now
                    && claims.path("iat").asLong() <= now + 60;
        } catch (Exception e) {
            return false;
        }
    }

    private void send(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String bearer = exchange.getRequestHeaders().getFirst("Authorization");
        if (!"POST".equals(exchange.getRequestMethod())
                || !path.equals("/v1/projects/" + PROJECT + "/messages:send")) {
            reply(exchange, 404, Map.of("error", Map.of("code", 404, "status", "NOT_FOUND")));
        } else if (bearer == null || !accessTokens.contains(bearer.replaceFirst("^Bearer ", ""))) {
            reply(exchange, 401, Map.of("error", Map.of("code", 401, "status", "UNAUTHENTICATED")));
        } else if (failing) {
            reply(exchange, 500, Map.of("error", Map.of("code", 500, "status", "INTERNAL",
                    "message", "Internal error encountered.")));
        } else {
            JsonNode message = JSON.readTree(exchange.getRequestBody()).path("message");
            String token = message.path("token").asText();
            if (unregistered.contains(token)) {
                reply(exchange, 404, Map.of("error", Map.of("code", 404, "status", "NOT_FOUND",
                        "details", new Object[] {Map.of("errorCode", "UNREGISTERED")})));
                return;
            }
            Map<String, String> data = new HashMap<>();
            message.path("data").fields().forEachRemaining(f -> data.put(f.getKey(), f.getValue().asText()));
            delivered.add(new Push(token, data));
            reply(exchange, 200, Map.of("name", "projects/" + PROJECT + "/messages/" + UUID.randomUUID()));
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
