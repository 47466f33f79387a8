package dev.kcmfa.phone.gateway.twilio;

import static dev.kcmfa.phone.gateway.twilio.TwilioSettingsTest.ACCOUNT;
import static dev.kcmfa.phone.gateway.twilio.TwilioSettingsTest.SERVICE;
import static dev.kcmfa.phone.gateway.twilio.TwilioSettingsTest.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import dev.kcmfa.phone.gateway.GatewayAnswer;
import dev.kcmfa.phone.gateway.GatewayRequest;
import dev.kcmfa.phone.gateway.PhoneChannel;
import dev.kcmfa.phone.gateway.PhoneGatewayException;
import dev.kcmfa.phone.gateway.PhoneGatewayException.Reason;
import dev.kcmfa.phone.gateway.PhoneMessage;
import org.junit.jupiter.api.Test;

class TwilioCallTest {

    private static final PhoneMessage SMS = new PhoneMessage("+4915112345678", PhoneChannel.SMS, "Code 123456 & go",
            "de");
    private static final PhoneMessage CALL = new PhoneMessage("+4915112345678", PhoneChannel.VOICE,
            "Your code is 1, 2, 3. <Again> & \"again\"", "de");

    @Test
    void anSmsIsAFormPostToMessagesJson() {
        GatewayRequest request = TwilioCall.request(TwilioSettings.of(settings()), SMS);
        assertEquals("POST", request.method());
        assertEquals("https://api.twilio.com/2010-04-01/Accounts/" + ACCOUNT + "/Messages.json", request.url());
        assertEquals("application/x-www-form-urlencoded", request.contentType());
        assertEquals("To=%2B4915112345678&From=%2B15005550006&Body=Code+123456+%26+go", request.body());
        assertEquals("Basic " + Base64.getEncoder().encodeToString((ACCOUNT + ":token")
                .getBytes(StandardCharsets.UTF_8)), request.headers().get("Authorization"));
    }

    @Test
    void aMessagingServiceReplacesFrom() {
        assertEquals(Map.of("To", "+4915112345678", "MessagingServiceSid", SERVICE, "Body", "Code 123456 & go"),
                TwilioCall.form(TwilioSettings.of(settings("messagingServiceSid", SERVICE)), SMS));
    }

    @Test
    void aCallIsAFormPostToCallsJsonWithEscapedTwiml() {
        TwilioSettings settings = TwilioSettings.of(settings());
        assertTrue(TwilioCall.request(settings, CALL).url().endsWith("/Accounts/" + ACCOUNT + "/Calls.json"));
        assertEquals(Map.of("To", "+4915112345678", "From", "+15005550006", "Twiml",
                "<Response><Say language=\"de-DE\">Your code is 1, 2, 3. &lt;Again&gt; &amp; &quot;again&quot;"
                        + "</Say></Response>"), TwilioCall.form(settings, CALL));
    }

    @Test
    void aVoiceCanBeChosen() {
        assertEquals("<Response><Say voice=\"Polly.Marlene\" language=\"de-DE\">Hallo</Say></Response>",
                TwilioCall.twiml("Hallo", "de-DE", "Polly.Marlene"));
        assertEquals("<Response><Say>Hi</Say></Response>", TwilioCall.twiml("Hi", null, ""));
    }

    @Test
    void languagesGetARegionTwilioSpeaks() {
        assertEquals("de-DE", TwilioCall.sayLanguage("de"));
        assertEquals("de-AT", TwilioCall.sayLanguage("de-at"));
        assertEquals("pt-BR", TwilioCall.sayLanguage("pt_BR"));
        assertEquals("en-US", TwilioCall.sayLanguage("en"));
        assertEquals("ja-JP", TwilioCall.sayLanguage("ja"));
        assertEquals("nb-NO", TwilioCall.sayLanguage("no"));
        assertEquals("zh-TW", TwilioCall.sayLanguage("zh-Hant-TW"));
        assertNull(TwilioCall.sayLanguage("eo"));
        assertNull(TwilioCall.sayLanguage(null));
        assertNull(TwilioCall.sayLanguage("not a tag"));
    }

    @Test
    void aCreatedResourceHasASid() throws PhoneGatewayException {
        assertEquals("SM123", TwilioCall.check(new GatewayAnswer(201, "{\"sid\":\"SM123\",\"status\":\"queued\"}",
                null), "SMS to ***78"));
        assertEquals(Reason.MALFORMED_ANSWER, failure(201, "<html>", null).reason());
        assertEquals(Reason.MALFORMED_ANSWER, failure(201, "{\"status\":\"queued\"}", null).reason());
    }

    @Test
    void twilioErrorsCarryTheirCodeWithNumbersMasked() {
        PhoneGatewayException e = failure(400, "{\"code\":21211,\"message\":\"The 'To' number +4915112345678 is "
                + "not a valid phone number.\",\"more_info\":\"https://www.twilio.com/docs/errors/21211\","
                + "\"status\":400}", null);
        assertEquals(Reason.REJECTED, e.reason());
        assertEquals("SMS to ***78: Twilio refused with HTTP 400, error 21211: The 'To' number ***78 is not a valid "
                + "phone number.", e.getMessage());
        assertFalse(e.getMessage().contains("4915112345678"));
    }

    @Test
    void statusesMapToReasons() {
        assertEquals(Reason.MISCONFIGURED, failure(401, "{\"code\":20003,\"message\":\"Authenticate\"}", null)
                .reason());
        assertEquals(Reason.MISCONFIGURED, failure(404, "{\"code\":20404}", null).reason());
        assertEquals(Reason.SERVER_ERROR, failure(500, "", null).reason());
        PhoneGatewayException limited = failure(429, "{\"code\":20429,\"message\":\"Too Many Requests\"}", "5");
        assertEquals(Reason.RATE_LIMITED, limited.reason());
        assertTrue(limited.getMessage().contains("retry after 5 s, error 20429"));
    }

    private static PhoneGatewayException failure(int status, String body, String retryAfter) {
        return assertThrows(PhoneGatewayException.class,
                () -> TwilioCall.check(new GatewayAnswer(status, body, retryAfter), "SMS to ***78"));
    }
}
