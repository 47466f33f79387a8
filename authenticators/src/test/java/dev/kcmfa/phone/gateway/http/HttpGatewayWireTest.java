package dev.kcmfa.phone.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import dev.kcmfa.phone.gateway.PhoneChannel;
import dev.kcmfa.phone.gateway.PhoneGatewayException;
import dev.kcmfa.phone.gateway.PhoneGatewayException.Reason;
import dev.kcmfa.phone.gateway.PhoneMessage;
import dev.kcmfa.phone.gateway.WireServer;
import dev.kcmfa.phone.gateway.WireServer.Answer;
import dev.kcmfa.phone.gateway.WireServer.Received;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real generic gateway against a local HTTP server. */
class HttpGatewayWireTest {

    private static final PhoneMessage SMS = new PhoneMessage("+4915112345678", PhoneChannel.SMS,
            "Ihr Code: \"123456\"", "de-DE");

    private WireServer server;
    private final HttpGateway gateway = new HttpGateway(WireServer.clients());

    @BeforeEach
    void start() throws Exception {
        server = new WireServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Map<String, String> settings(String url) {
        Map<String, String> settings = new HashMap<>(Map.of("url", url + "/send", "apiKeyHeader", "X-API-Key",
                "apiKey", "k3y", "successBodyContains", "accepted", "readTimeoutMillis", "500"));
        return settings;
    }

    @Test
    void aJsonPostArrivesWithItsKey() throws Exception {
        server.answer(Answer.of(202, "{\"status\":\"accepted\"}"));
        gateway.send(settings(server.baseUrl()), SMS);
        Received request = server.next();
        assertEquals("POST", request.method());
        assertEquals("/send", request.uri());
        assertEquals("k3y", request.header("X-api-key"));
        assertTrue(request.header("Content-type").startsWith("application/json"));
        assertEquals("{\"to\":\"+4915112345678\",\"text\":\"Ihr Code: \\\"123456\\\"\",\"channel\":\"sms\","
                + "\"language\":\"de-DE\"}", request.body());
    }

    @Test
    void aGetCarriesTheMessageInItsQuery() throws Exception {
        server.answer(Answer.of(200, "accepted"));
        Map<String, String> settings = settings(server.baseUrl());
        settings.put("method", "GET");
        gateway.send(settings, SMS);
        Received request = server.next();
        assertEquals("GET", request.method());
        assertEquals("/send?to=%2B4915112345678&text=Ihr%20Code%3A%20%22123456%22&channel=sms&language=de-DE",
                request.uri());
    }

    @Test
    void failuresHaveTheirReasons() throws Exception {
        server.answer(new Answer(429, "", Map.of("Retry-After", "7"), Duration.ZERO));
        PhoneGatewayException limited = failure(settings(server.baseUrl()));
        assertEquals(Reason.RATE_LIMITED, limited.reason());
        assertTrue(limited.getMessage().contains("retry after 7 s"), limited.getMessage());
        server.answer(Answer.of(502, ""));
        assertEquals(Reason.SERVER_ERROR, failure(settings(server.baseUrl())).reason());
        server.answer(Answer.of(403, "{\"error\":\"bad key\"}"));
        assertEquals(Reason.REJECTED, failure(settings(server.baseUrl())).reason());
        server.answer(new Answer(202, "accepted", Map.of(), Duration.ofSeconds(2)));
        assertEquals(Reason.TIMEOUT, failure(settings(server.baseUrl())).reason());
        assertEquals(Reason.UNREACHABLE, failure(settings(WireServer.closedPortUrl())).reason());
        assertEquals(Reason.MISCONFIGURED, failure(settings("ftp://x")).reason());
    }

    @Test
    void messagesNeverShowTheNumberOrTheKey() throws Exception {
        server.answer(Answer.of(400, "{\"error\":\"+4915112345678 k3y\"}"));
        String message = failure(settings(server.baseUrl())).getMessage();
        assertTrue(message.startsWith("SMS to ***78: "), message);
        assertTrue(!message.contains("4915112345678") && !message.contains("k3y"), message);
    }

    private PhoneGatewayException failure(Map<String, String> settings) {
        return assertThrows(PhoneGatewayException.class, () -> gateway.send(settings, SMS));
    }
}
