package dev.kcmfa.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A generic SMS/voice HTTP gateway on loopback, for the {@code http} gateway: it takes a JSON body, a form body or
 * query parameters with {@code to} and {@code text}, checks the API key header, and answers 202
 * {@code {"status":"accepted"}}. It records every request it got. Faults are switched on by the test until
 * {@link #reset}: any status and body, 429 with Retry-After, a slow answer, no answer at all.
 */
final class FakeSmsGateway implements AutoCloseable {

    static final String PATH = "/api/v1/messages";
    static final String API_KEY_HEADER = "X-API-Key";
    static final String API_KEY = "fake-sms-gateway-key-0123456789";

    /** One request as it arrived; header names in lower case; {@code to}/{@code text} as read from body or query. */
    record Request(String method, String path, Map<String, String> headers, String body, String to, String text,
            String channel, String language, int status) {

        boolean accepted() {
            return status >= 200 && status < 300;
        }
    }

    private record Fault(int status, String body, String retryAfter, Duration delay, boolean silent) {
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final PhoneInbox<Request> inbox = new PhoneInbox<>(Request::to, Request::text);
    private volatile Fault fault;

    FakeSmsGateway(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "fake-sms-gateway");
            thread.setDaemon(true); // a silent answer's thread must not hold the test JVM
            return thread;
        }));
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    /**
     * The step-config entries for this gateway: a JSON POST with the API key in its header, an extra plain header,
     * 200 or 202 with "accepted" in the answer meaning sent, calls too, short time-outs.
     */
    Map<String, String> gatewaySettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("http.url", url());
        settings.put("http.method", "POST");
        settings.put("http.contentType", "application/json");
        settings.put("http.bodyTemplate",
                "{\"to\":\"${to}\",\"text\":\"${text}\",\"channel\":\"${channel}\",\"language\":\"${language}\"}");
        settings.put("http.apiKeyHeader", API_KEY_HEADER);
        settings.put("http.apiKey", API_KEY);
        settings.put("http.headers", "X-Client: keycloak-mfa");
        settings.put("http.successStatus", "200,202");
        settings.put("http.successBodyContains", "accepted");
        settings.put("http.voice", "true");
        settings.put("http.connectTimeoutMillis", "1000");
        settings.put("http.readTimeoutMillis", "2000");
        return settings;
    }

    /** Every request so far, accepted or not, oldest first. */
    List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The next accepted request, or null when none comes in time. */
    Request next(Duration timeout) throws InterruptedException {
        return inbox.next(timeout);
    }

    /** The code in the next accepted message to this number (spoken digits joined); others are skipped. */
    String nextCodeTo(String number, Duration timeout) throws InterruptedException {
        return inbox.nextCodeTo(number, timeout);
    }

    /** From now on every request gets this status and body (recorded, never delivered). */
    void answer(int status, String body) {
        fault = new Fault(status, body, null, Duration.ZERO, false);
    }

    /** From now on every request gets 429 Too Many Requests with this Retry-After. */
    void rateLimit(int retryAfterSeconds) {
        fault = new Fault(429, "{\"error\":\"rate limited\"}", String.valueOf(retryAfterSeconds), Duration.ZERO,
                false);
    }

    /** From now on each request is answered as usual, after this delay. */
    void slow(Duration delay) {
        fault = new Fault(0, null, null, delay, false);
    }

    /** From now on requests get no answer for a minute. */
    void neverAnswer() {
        fault = new Fault(0, null, null, Duration.ZERO, true);
    }

    /** Back to prompt normal answers, with no requests recorded. */
    void reset() {
        fault = null;
        requests.clear();
        inbox.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        Fault current = fault;
        if (current != null && current.silent()) {
            FakeServerHttp.hold(exchange);
            return;
        }
        if (current != null) {
            FakeServerHttp.pause(current.delay());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT),
                String.join(", ", values)));
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> fields = fields(headers.getOrDefault("content-type", ""), body,
                exchange.getRequestURI().getRawQuery());
        int status = status(current, exchange, headers, fields);
        Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers, body,
                fields.get("to"), fields.get("text"), fields.get("channel"), fields.get("language"), status);
        requests.add(request);
        if (current != null && current.status() != 0) {
            if (current.retryAfter() != null) {
                exchange.getResponseHeaders().set("Retry-After", current.retryAfter());
            }
            FakeServerHttp.replyText(exchange, status, "application/json", current.body());
            return;
        }
        if (request.accepted()) {
            inbox.add(request);
            FakeServerHttp.reply(exchange, status, Map.of("status", "accepted", "id", UUID.randomUUID().toString()));
        } else {
            FakeServerHttp.reply(exchange, status, Map.of("status", "error", "error", status == 401
                    ? "missing or wrong API key" : "to and text are required"));
        }
    }

    private static int status(Fault fault, HttpExchange exchange, Map<String, String> headers,
            Map<String, String> fields) {
        if (fault != null && fault.status() != 0) {
            return fault.status();
        }
        if (!PATH.equals(exchange.getRequestURI().getPath())) {
            return 404;
        }
        if (!API_KEY.equals(headers.get(API_KEY_HEADER.toLowerCase(Locale.ROOT)))) {
            return 401;
        }
        boolean complete = fields.getOrDefault("to", "").matches("\\+[1-9]\\d{7,14}")
                && !fields.getOrDefault("text", "").isEmpty();
        return complete ? 202 : 400;
    }

    /** to, text, channel, language: from a JSON body, a form body, or the query (anything that is not JSON). */
    private static Map<String, String> fields(String contentType, String body, String query) {
        if (contentType.startsWith("application/json")) {
            Map<String, String> fields = new LinkedHashMap<>();
            try {
                JsonNode json = FakeServerHttp.JSON.readTree(body);
                json.fields().forEachRemaining(field -> fields.put(field.getKey(), field.getValue().asText()));
            } catch (IOException | RuntimeException e) {
                // not JSON: no fields, answered 400
            }
            return fields;
        }
        if (contentType.startsWith("application/x-www-form-urlencoded")) {
            return FakeServerHttp.urlEncoded(body);
        }
        return FakeServerHttp.urlEncoded(query);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
