package dev.kcmfa.it;

import static dev.kcmfa.it.FakeServerHttp.form;
import static dev.kcmfa.it.FakeServerHttp.reply;
import static dev.kcmfa.it.FakeServerHttp.urlEncoded;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/**
 * Duo on loopback, speaking its wire protocols and checking what Keycloak sends: the Universal Prompt's OIDC
 * endpoints (HS512 request object and client assertions, single-use codes bound to the redirect URI, HS512 id_tokens)
 * and Auth API v2 (preauth, auth, auth_status) with HMAC-SHA512 v5 request signatures. What "the user" does at Duo
 * is set per username by the test; faults are switched on by the test: any endpoint answering a chosen status and
 * body, or holding requests past the caller's time-out, Duo down (503), a tampered token, a foreign state. A base URL
 * where nothing listens stands for "connection refused".
 */
final class FakeDuo implements AutoCloseable {

    static final String CLIENT_ID = "DIXXXXXXXXXXXXXXXXXX";
    static final String CLIENT_SECRET = "duo-client-secret-0123456789abcdef0123";
    static final String IKEY = "DIAUTHAPIXXXXXXXXXXX";
    static final String SKEY = "duo-auth-api-secret-0123456789abcdef012";
    static final String PASSCODE = "123456";

    enum Outcome { ALLOW, DENY, NOT_ENROLLED }

    private static final ObjectMapper JSON = FakeServerHttp.JSON;

    /** The endpoints Keycloak calls server to server (the browser calls only authorize). */
    static final String HEALTH_CHECK = "/oauth/v1/health_check";
    static final String TOKEN = "/oauth/v1/token";
    static final String PREAUTH = "/auth/v2/preauth";
    static final String AUTH = "/auth/v2/auth";
    static final String AUTH_STATUS = "/auth/v2/auth_status";

    /** What an endpoint does instead of its own answer: an HTTP status and body, or nothing until a delay is over. */
    private record Fault(int status, Map<String, Object> body, long stallMillis) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "fake-duo");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Fault> faults = new ConcurrentHashMap<>();
    private final Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> codes = new ConcurrentHashMap<>();
    private final Map<String, String[]> transactions = new ConcurrentHashMap<>();
    private volatile boolean tamperIdTokens;
    private volatile boolean foreignState;

    FakeDuo(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext(HEALTH_CHECK, withFaults(this::healthCheck));
        server.createContext("/oauth/v1/authorize", this::authorize);
        server.createContext(TOKEN, withFaults(this::token));
        server.createContext("/auth/v2/", withFaults(this::authApi));
        server.setExecutor(threads); // a stalled request must not hold up the others
        server.start();
    }

    /** A base URL on loopback where nothing listens: every call to it is refused. */
    static String closedPortUrl() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * The settings an admin gives the Duo steps for this Duo: its keys, its base URL, usernames as the users' email
     * addresses, Duo calls timing out after 1 s, and the given fail mode ({@code closed} or {@code open}).
     */
    Map<String, String> stepSettings(String failMode) {
        Map<String, String> settings = new HashMap<>();
        settings.put("clientId", CLIENT_ID);
        settings.put("clientSecret", CLIENT_SECRET);
        settings.put("authApiIntegrationKey", IKEY);
        settings.put("authApiSecretKey", SKEY);
        settings.put("apiHost", "api-test.duosecurity.com");
        settings.put("apiBaseUrl", baseUrl());
        settings.put("usernameFormat", "%s@example.org");
        settings.put("failMode", failMode);
        settings.put("timeoutSeconds", "1");
        return settings;
    }

    void userDoes(String duoUsername, Outcome outcome) {
        outcomes.put(duoUsername, outcome);
    }

    /** Duo's own answer when down, until {@link #reset}: 503 at every endpoint Keycloak calls. */
    void goDown() {
        for (String path : new String[] {HEALTH_CHECK, TOKEN, PREAUTH, AUTH, AUTH_STATUS}) {
            answer(path, 503, Map.of("stat", "FAIL", "code", 50301, "message", "Service unavailable"));
        }
    }

    /** From now on the endpoint at {@code path} answers this status and JSON body, whatever it is asked. */
    void answer(String path, int status, Map<String, Object> body) {
        faults.put(path, new Fault(status, body, 0));
    }

    /** From now on the endpoint at {@code path} holds each request this long, then answers as usual. */
    void stall(String path, long millis) {
        faults.put(path, new Fault(0, Map.of(), millis));
    }

    void setTamperIdTokens(boolean tamper) {
        this.tamperIdTokens = tamper;
    }

    void setForeignState(boolean foreign) {
        this.foreignState = foreign;
    }

    void reset() {
        faults.clear();
        tamperIdTokens = false;
        foreignState = false;
    }

    private HttpHandler withFaults(HttpHandler handler) {
        return exchange -> {
            Fault fault = faults.get(exchange.getRequestURI().getPath());
            if (fault != null && fault.stallMillis() > 0) {
                try {
                    Thread.sleep(fault.stallMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            } else if (fault != null) {
                reply(exchange, fault.status(), fault.body());
                return;
            }
            handler.handle(exchange);
        };
    }

    private void healthCheck(HttpExchange exchange) throws IOException {
        Map<String, String> form = form(exchange);
        if (!CLIENT_ID.equals(form.get("client_id"))
                || !validAssertion(form.get("client_assertion"), baseUrl() + "/oauth/v1/health_check")) {
            reply(exchange, 400, Map.of("stat", "FAIL", "code", 40002, "message", "Invalid client assertion"));
        } else {
            reply(exchange, 200, Map.of("stat", "OK", "response", Map.of("timestamp", now())));
        }
    }

    /** The prompt: checks the signed request, then "the user" answers and Duo redirects back with a code. */
    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> query = urlEncoded(exchange.getRequestURI().getRawQuery());
        JsonNode request = verified(query.get("request"), CLIENT_SECRET);
        if (request == null || !CLIENT_ID.equals(query.get("client_id"))
                || !CLIENT_ID.equals(request.path("client_id").asText())
                || !"code".equals(request.path("response_type").asText())
                || request.path("exp").asLong() < now() || request.path("state").asText().length() < 16) {
            reply(exchange, 400, Map.of("stat", "FAIL", "message", "invalid request object"));
            return;
        }
        String code = UUID.randomUUID().toString();
        String username = request.path("duo_uname").asText();
        String redirectUri = request.path("redirect_uri").asText();
        codes.put(code, Map.of("username", username, "nonce", request.path("nonce").asText(),
                "redirect_uri", redirectUri));
        String state = foreignState ? "a-state-from-another-login-0000" : request.path("state").asText();
        String location = redirectUri + (redirectUri.contains("?") ? "&" : "?") + "duo_code=" + encode(code)
                + "&state=" + encode(state);
        exchange.getResponseHeaders().set("Location", location);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> form = form(exchange);
        Map<String, String> grant = codes.remove(form.getOrDefault("code", ""));
        if (grant == null || !"authorization_code".equals(form.get("grant_type"))
                || !grant.get("redirect_uri").equals(form.get("redirect_uri"))
                || !validAssertion(form.get("client_assertion"), baseUrl() + "/oauth/v1/token")) {
            reply(exchange, 400, Map.of("error", "invalid_grant"));
            return;
        }
        Outcome outcome = outcomes.getOrDefault(grant.get("username"), Outcome.ALLOW);
        Map<String, Object> claims = new HashMap<>();
        claims.put("iss", baseUrl() + "/oauth/v1/token");
        claims.put("aud", CLIENT_ID);
        claims.put("iat", now());
        claims.put("exp", now() + 300);
        claims.put("preferred_username", grant.get("username"));
        claims.put("nonce", grant.get("nonce"));
        claims.put("auth_result", Map.of(
                "result", outcome == Outcome.ALLOW ? "allow" : "deny",
                "status", outcome == Outcome.ALLOW ? "allow" : outcome == Outcome.DENY ? "deny" : "enroll",
                "status_msg", outcome.name()));
        String idToken = sign(claims, tamperIdTokens ? "not-the-client-secret" : CLIENT_SECRET);
        reply(exchange, 200, Map.of("id_token", idToken, "access_token", UUID.randomUUID().toString(),
                "expires_in", 3600, "token_type", "Bearer"));
    }

    private void authApi(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Map<String, String> params = "GET".equals(exchange.getRequestMethod())
                ? urlEncoded(exchange.getRequestURI().getRawQuery()) : form(exchange);
        if (!validSignature(exchange, path, params)) {
            reply(exchange, 401, Map.of("stat", "FAIL", "code", 40103, "message", "Invalid signature in request"));
            return;
        }
        String username = params.getOrDefault("username", "");
        Outcome outcome = outcomes.getOrDefault(username, Outcome.ALLOW);
        switch (path) {
            case "/auth/v2/preauth" -> ok(exchange, Map.of(
                    "result", outcome == Outcome.NOT_ENROLLED ? "enroll" : "auth", "status_msg", "Account is active"));
            case "/auth/v2/auth" -> {
                if ("passcode".equals(params.get("factor"))) {
                    boolean right = PASSCODE.equals(params.get("passcode"));
                    ok(exchange, Map.of("result", right ? "allow" : "deny", "status", right ? "allow" : "deny"));
                } else {
                    String txid = UUID.randomUUID().toString();
                    transactions.put(txid, new String[] {outcome == Outcome.ALLOW ? "allow" : "deny", "0"});
                    ok(exchange, Map.of("txid", txid));
                }
            }
            case "/auth/v2/auth_status" -> {
                String[] tx = transactions.get(params.getOrDefault("txid", ""));
                if (tx == null) {
                    reply(exchange, 400, Map.of("stat", "FAIL", "code", 40002, "message", "Invalid txid"));
                } else {
                    // the user takes a moment: the first status call still finds the push waiting
                    boolean answered = Integer.parseInt(tx[1]) > 0;
                    tx[1] = Integer.toString(Integer.parseInt(tx[1]) + 1);
                    ok(exchange, Map.of("result", answered ? tx[0] : "waiting",
                            "status", answered ? tx[0] : "pushed"));
                }
            }
            default -> reply(exchange, 404, Map.of("stat", "FAIL", "code", 40401, "message", "Resource not found"));
        }
    }

    /** Signature v5: date, method, host, path, sorted params, SHA-512 of the body and of the x-duo headers. */
    private boolean validSignature(HttpExchange exchange, String path, Map<String, String> params) {
        String date = exchange.getRequestHeaders().getFirst("X-Duo-Date");
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (date == null || authorization == null || !authorization.startsWith("Basic ")) {
            return false;
        }
        if (Math.abs(ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toEpochSecond() - now()) > 300) {
            return false;
        }
        String[] credentials = new String(Base64.getDecoder().decode(authorization.substring(6)),
                StandardCharsets.UTF_8).split(":", 2);
        String canonicalParams = new TreeMap<>(params).entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&"));
        String canonical = String.join("\n", date, exchange.getRequestMethod(),
                exchange.getRequestHeaders().getFirst("Host").toLowerCase(), path, canonicalParams, sha512(""),
                sha512(""));
        return credentials.length == 2 && IKEY.equals(credentials[0])
                && MessageDigest.isEqual(HexFormat.of().formatHex(hmac(canonical, SKEY)).getBytes(),
                credentials[1].getBytes());
    }

    private boolean validAssertion(String jwt, String audience) {
        JsonNode claims = verified(jwt, CLIENT_SECRET);
        return claims != null && CLIENT_ID.equals(claims.path("iss").asText())
                && CLIENT_ID.equals(claims.path("sub").asText()) && audience.equals(claims.path("aud").asText())
                && claims.path("exp").asLong() > now() && !claims.path("jti").asText().isEmpty();
    }

    private static JsonNode verified(String jwt, String secret) {
        String[] parts = jwt == null ? new String[0] : jwt.split("\\.");
        try {
            if (parts.length != 3 || !"HS512".equals(JSON.readTree(Base64.getUrlDecoder().decode(parts[0]))
                    .path("alg").asText())) {
                return null;
            }
            byte[] expected = hmac(parts[0] + "." + parts[1], secret);
            return MessageDigest.isEqual(expected, Base64.getUrlDecoder().decode(parts[2]))
                    ? JSON.readTree(Base64.getUrlDecoder().decode(parts[1])) : null;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    private static String sign(Map<String, Object> claims, String secret) throws IOException {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signed = b64.encodeToString("{\"alg\":\"HS512\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "." + b64.encodeToString(JSON.writeValueAsBytes(claims));
        return signed + "." + b64.encodeToString(hmac(signed, secret));
    }

    private static byte[] hmac(String text, String key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA512");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA512"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha512(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A")
                .replace("%7E", "~");
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    private static void ok(HttpExchange exchange, Map<String, Object> response) throws IOException {
        reply(exchange, 200, Map.of("stat", "OK", "response", response));
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
