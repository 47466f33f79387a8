package dev.kcmfa.phone.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.Map;

import dev.kcmfa.phone.gateway.GatewayRequest;
import dev.kcmfa.phone.gateway.PhoneChannel;
import dev.kcmfa.phone.gateway.PhoneMessage;
import org.junit.jupiter.api.Test;

class HttpGatewayRequestTest {

    private static final PhoneMessage SMS = new PhoneMessage("+4915112345678", PhoneChannel.SMS,
            "Code \"123456\" \\ ok & done\n", "de-DE");

    private static GatewayRequest request(Map<String, String> settings, PhoneMessage message) {
        return HttpGatewayCall.request(HttpGatewaySettings.of(settings), message);
    }

    @Test
    void jsonValuesAreEscapedAsJsonStrings() {
        GatewayRequest request = request(Map.of("url", "https://sms.example/send",
                "bodyTemplate", "{\"msisdn\":\"${to}\",\"msg\":\"${text}\",\"kind\":\"${channel}\"}"), SMS);
        assertEquals("POST", request.method());
        assertEquals("application/json", request.contentType());
        assertEquals("{\"msisdn\":\"+4915112345678\",\"msg\":\"Code \\\"123456\\\" \\\\ ok & done\\n\","
                + "\"kind\":\"sms\"}", request.body());
    }

    @Test
    void theDefaultJsonBodyCarriesAllFour() {
        assertEquals("{\"to\":\"+4915112345678\",\"text\":\"Code \\\"123456\\\" \\\\ ok & done\\n\","
                + "\"channel\":\"sms\",\"language\":\"de-DE\"}", request(Map.of("url", "https://s.example"), SMS)
                .body());
    }

    @Test
    void formValuesAreUrlEncoded() {
        GatewayRequest request = request(Map.of("url", "https://sms.example/send", "method", "put",
                "contentType", "application/x-www-form-urlencoded"), SMS);
        assertEquals("PUT", request.method());
        assertEquals("to=%2B4915112345678&text=Code%20%22123456%22%20%5C%20ok%20%26%20done%0A&channel=sms"
                + "&language=de-DE", request.body());
    }

    @Test
    void getSendsTheTemplateAsTheQueryAndEncodesUrlPlaceholders() {
        GatewayRequest request = request(Map.of("url", "https://sms.example/${channel}/send?key=abc",
                "method", "GET", "bodyTemplate", "dest=${to}&txt=${text}"),
                new PhoneMessage("+4915112345678", PhoneChannel.VOICE, "a&b=c", "de"));
        assertEquals("https://sms.example/voice/send?key=abc&dest=%2B4915112345678&txt=a%26b%3Dc", request.url());
        assertNull(request.body());
        assertNull(request.contentType());
    }

    @Test
    void headersAndTheApiKeyAreSent() {
        Map<String, String> settings = new HashMap<>(Map.of("url", "https://sms.example/send",
                "headers", "X-Tenant: 42\n\nAccept: application/json\r\n", "apiKeyHeader", "Authorization",
                "apiKey", "Bearer abc"));
        assertEquals(Map.of("X-Tenant", "42", "Accept", "application/json", "Authorization", "Bearer abc"),
                request(settings, SMS).headers());
    }
}
