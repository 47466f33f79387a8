package dev.kcmfa.phone.gateway.http;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import dev.kcmfa.phone.gateway.GatewayAnswer;
import dev.kcmfa.phone.gateway.PhoneGatewayException;
import dev.kcmfa.phone.gateway.PhoneGatewayException.Reason;
import org.junit.jupiter.api.Test;

class HttpGatewayAnswerTest {

    private static final HttpGatewaySettings SETTINGS = HttpGatewaySettings.of(Map.of("url", "https://s.example",
            "successStatus", "200,202", "successBodyContains", "\"accepted\""));

    private static PhoneGatewayException failure(int status, String body, String retryAfter) {
        return assertThrows(PhoneGatewayException.class,
                () -> HttpGatewayCall.check(SETTINGS, new GatewayAnswer(status, body, retryAfter), "SMS to ***78"));
    }

    @Test
    void aSuccessStatusWithTheExpectedTextIsSent() {
        assertDoesNotThrow(() -> HttpGatewayCall.check(SETTINGS,
                new GatewayAnswer(202, "{\"status\":\"accepted\"}", null), "SMS to ***78"));
    }

    @Test
    void aSuccessStatusWithoutTheTextIsRejected() {
        PhoneGatewayException e = failure(200, "{\"status\":\"failed\"}", null);
        assertEquals(Reason.REJECTED, e.reason());
        assertTrue(e.getMessage().startsWith("SMS to ***78: "));
    }

    @Test
    void statusesMapToReasons() {
        assertEquals(Reason.REJECTED, failure(201, "\"accepted\"", null).reason());
        assertEquals(Reason.REJECTED, failure(400, "", null).reason());
        assertEquals(Reason.SERVER_ERROR, failure(503, "", null).reason());
        PhoneGatewayException limited = failure(429, "", "12");
        assertEquals(Reason.RATE_LIMITED, limited.reason());
        assertTrue(limited.getMessage().contains("retry after 12 s"));
    }
}
