package dev.kcmfa.phone.gateway.twilio;

import static dev.kcmfa.phone.gateway.twilio.TwilioSettingsTest.ACCOUNT;
import static dev.kcmfa.phone.gateway.twilio.TwilioSettingsTest.KEY;
import static dev.kcmfa.phone.gateway.twilio.TwilioSettingsTest.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
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

/** The real Twilio gateway against a local server speaking Twilio's answers. */
class TwilioGatewayWireTest {

    private WireServer server;
    private final TwilioGateway gateway = new TwilioGateway(WireServer.clients());

    @BeforeEach
    void start() throws Exception {
        server = new WireServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void anSmsIsPostedToMessagesJsonWithBasicAuth() throws Exception {
        server.answer(Answer.of(201, "{\"sid\":\"SM0123\",\"status\":\"queued\"}"));
        gateway.send(settings("baseUrl", server.baseUrl()),
                new PhoneMessage("+4915112345678", PhoneChannel.SMS, "Code 123456", "de"));
        Received request = server.next();
        assertEquals("/2010-04-01/Accounts/" + ACCOUNT + "/Messages.json", request.uri());
        assertEquals("Basic " + Base64.getEncoder().encodeToString((ACCOUNT + ":token")
                .getBytes(StandardCharsets.UTF_8)), request.header("Authorization"));
        assertEquals("To=%2B4915112345678&From=%2B15005550006&Body=Code+123456", request.body());
    }

    @Test
    void aCallIsPostedToCallsJsonWithAnApiKey() throws Exception {
        server.answer(Answer.of(201, "{\"sid\":\"CA0123\",\"status\":\"queued\"}"));
        gateway.send(settings("baseUrl", server.baseUrl(), "apiKeySid", KEY, "apiKeySecret", "sec"),
                new PhoneMessage("+4915112345678", PhoneChannel.VOICE, "1, 2", "fr"));
        Received request = server.next();
        assertTrue(request.uri().endsWith("/Calls.json"));
        assertEquals("Basic " + Base64.getEncoder().encodeToString((KEY + ":sec").getBytes(StandardCharsets.UTF_8)),
                request.header("Authorization"));
        assertTrue(request.body().contains("Twiml=%3CResponse%3E%3CSay+language%3D%22fr-FR%22%3E1%2C+2%3C%2FSay"),
                request.body());
    }

    @Test
    void twilioErrorsAreReportedWithTheirCode() {
        server.answer(Answer.of(400, "{\"code\":21614,\"message\":\"'To' number +4915112345678 is not a mobile "
                + "number\",\"status\":400}"));
        PhoneGatewayException e = assertThrows(PhoneGatewayException.class,
                () -> gateway.send(settings("baseUrl", server.baseUrl()),
                        new PhoneMessage("+4915112345678", PhoneChannel.SMS, "x", "en")));
        assertEquals(Reason.REJECTED, e.reason());
        assertEquals("SMS to ***78: Twilio refused with HTTP 400, error 21614: 'To' number ***78 is not a mobile "
                + "number", e.getMessage());
    }

    @Test
    void badSettingsFailBeforeAnyRequest() {
        PhoneGatewayException e = assertThrows(PhoneGatewayException.class,
                () -> gateway.send(Map.of("accountSid", ACCOUNT), new PhoneMessage("+4915112345678",
                        PhoneChannel.SMS, "x", "en")));
        assertEquals(Reason.MISCONFIGURED, e.reason());
    }
}
