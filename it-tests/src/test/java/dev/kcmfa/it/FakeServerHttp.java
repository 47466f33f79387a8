package dev.kcmfa.it;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;

/** The HTTP plumbing the local fakes of internet services share: form bodies in, JSON out. */
final class FakeServerHttp {

    static final ObjectMapper JSON = new ObjectMapper();

    private FakeServerHttp() {
    }

    static Map<String, String> form(HttpExchange exchange) throws IOException {
        return urlEncoded(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    }

    static Map<String, String> urlEncoded(String encoded) {
        Map<String, String> values = new HashMap<>();
        for (String pair : encoded == null ? new String[0] : encoded.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    static void reply(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** An answer as the test wrote it, any content type; an empty body is sent as none. */
    static void replyText(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** No answer for a minute, longer than any time-out a caller allows, then the connection closes. */
    static void hold(HttpExchange exchange) {
        pause(java.time.Duration.ofMinutes(1));
        exchange.close();
    }

    static void pause(java.time.Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
