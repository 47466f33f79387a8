package dev.kcmfa.phone.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import dev.kcmfa.phone.gateway.PhoneChannel;
import org.junit.jupiter.api.Test;

class HttpGatewaySettingsTest {

    private static Optional<String> problem(PhoneChannel channel, String... keyValues) {
        Map<String, String> settings = new HashMap<>(Map.of("url", "https://sms.example/send"));
        for (int i = 0; i < keyValues.length; i += 2) {
            settings.put(keyValues[i], keyValues[i + 1]);
        }
        return new HttpGatewayFactory().problem(settings, channel);
    }

    private static String smsProblem(String... keyValues) {
        return problem(PhoneChannel.SMS, keyValues).orElse("none");
    }

    @Test
    void goodSettingsHaveNoProblem() {
        assertEquals(Optional.empty(), problem(PhoneChannel.SMS));
        assertEquals(Optional.empty(), problem(PhoneChannel.VOICE, "voice", "true"));
        assertEquals(Optional.empty(), problem(PhoneChannel.SMS, "url", "https://sms.example/${channel}?to=${to}"));
    }

    @Test
    void eachBadSettingIsNamed() {
        assertEquals("url is required", smsProblem("url", ""));
        assertEquals("url must be an http or https URL with a host", smsProblem("url", "mailto:x@example.org"));
        assertTrue(smsProblem("url", "https://sms.example/${phone}").contains("unknown placeholder ${phone}"));
        assertEquals("method must be POST, GET or PUT", smsProblem("method", "PATCH"));
        assertTrue(smsProblem("contentType", "text/plain").startsWith("contentType must be"));
        assertEquals("method GET sends no body: set contentType to none",
                smsProblem("method", "GET", "contentType", "application/json"));
        assertTrue(smsProblem("bodyTemplate", "{\"t\":\"${txt}\"}").startsWith("bodyTemplate has an unknown"));
        assertEquals("headers line 2 is not 'Name: value'", smsProblem("headers", "A: b\nno colon here"));
        assertEquals("apiKeyHeader and apiKey go together: set both or neither", smsProblem("apiKey", "k"));
        assertEquals("apiKeyHeader is not a valid header name",
                smsProblem("apiKeyHeader", "X Key", "apiKey", "k"));
        assertTrue(smsProblem("successStatus", "2xx,ok").contains("'ok'"));
        assertEquals("successStatus lists no status", smsProblem("successStatus", " , "));
        assertEquals("voice must be true or false", smsProblem("voice", "yes"));
        assertEquals("readTimeoutMillis must be a whole number of milliseconds",
                smsProblem("readTimeoutMillis", "-1"));
    }

    @Test
    void callsNeedAGatewayThatPlacesThem() {
        assertTrue(problem(PhoneChannel.VOICE).orElseThrow().contains("does not place calls"));
        assertFalse(problem(PhoneChannel.SMS, "voice", "false").isPresent());
    }

    @Test
    void problemsNeverQuoteAHeaderValue() {
        assertFalse(smsProblem("headers", "Authorization Bearer s3cret").contains("s3cret"));
    }

    @Test
    void successStatusesAreClassesOrExactStatuses() {
        assertTrue(SuccessStatus.parse("").matches(204));
        assertFalse(SuccessStatus.parse("").matches(301));
        SuccessStatus list = SuccessStatus.parse("200, 202,3XX");
        assertTrue(list.matches(202));
        assertTrue(list.matches(302));
        assertFalse(list.matches(201));
    }
}
