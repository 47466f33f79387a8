package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;

import dev.kcmfa.phone.gateway.GatewaySettings;
import dev.kcmfa.phone.gateway.PhoneChannel;
import dev.kcmfa.phone.gateway.PhoneGateway;
import dev.kcmfa.phone.gateway.PhoneGatewayException;
import dev.kcmfa.phone.gateway.PhoneGatewayException.Reason;
import dev.kcmfa.phone.gateway.PhoneGatewayFactory;
import dev.kcmfa.phone.gateway.PhoneMessage;
import org.apache.http.impl.client.HttpClients;
import org.junit.jupiter.api.Test;
import org.keycloak.connections.httpclient.HttpClientProvider;
import org.keycloak.models.KeycloakSession;

/**
 * The bundle's real gateways, found as Keycloak finds them (service registration), against the fakes the
 * integration tests use: both sides must speak the same wire format. No Keycloak server: the session only lends an
 * HTTP client, as Keycloak's would.
 */
class PhoneGatewayFakesTest {

    private static final String NUMBER = "+4915112345678";
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String SPOKEN = "Your code is 1, 2, 3, 4, 5, 6. Again: 1, 2, 3, 4, 5, 6.";

    @Test
    void twilioDeliversSmsAndCalls() throws Exception {
        try (FakeTwilio twilio = new FakeTwilio(0)) {
            PhoneGateway gateway = gateway("twilio");
            Map<String, String> settings = unprefixed("twilio", twilio.gatewaySettings());
            gateway.send(settings, new PhoneMessage(NUMBER, PhoneChannel.SMS, "Your code: 654321", "de"));
            assertEquals("654321", twilio.nextCodeTo(NUMBER, WAIT));
            gateway.send(unprefixed("twilio", twilio.apiKeyGatewaySettings()),
                    new PhoneMessage(NUMBER, PhoneChannel.VOICE, SPOKEN + " <&>", "de"));
            FakeTwilio.Delivery call = twilio.next(WAIT);
            assertEquals(new FakeTwilio.Delivery("voice", NUMBER, FakeTwilio.FROM, SPOKEN + " <&>", "de-DE"), call);
            assertEquals("123456", PhoneInbox.codeIn(call.text()));
            assertNull(twilio.next(Duration.ofMillis(100)));
        }
    }

    @Test
    void twilioFaultsHaveTheirReasons() throws Exception {
        try (FakeTwilio twilio = new FakeTwilio(0)) {
            Map<String, String> settings = unprefixed("twilio", twilio.gatewaySettings());
            settings.put("authToken", "wrong");
            assertEquals(Reason.MISCONFIGURED, failure("twilio", settings).reason());
            twilio.answer(400, "{\"code\":21211,\"message\":\"The 'To' number " + NUMBER + " is not valid\","
                    + "\"status\":400}");
            PhoneGatewayException rejected = failure("twilio", unprefixed("twilio", twilio.gatewaySettings()));
            assertEquals(Reason.REJECTED, rejected.reason());
            assertTrue(rejected.getMessage().contains("error 21211") && !rejected.getMessage().contains(NUMBER));
            twilio.reset();
            twilio.neverAnswer();
            assertEquals(Reason.TIMEOUT, failure("twilio", unprefixed("twilio", twilio.gatewaySettings())).reason());
        }
    }

    @Test
    void theHttpGatewayDeliversToTheFakeSmsGateway() throws Exception {
        try (FakeSmsGateway sms = new FakeSmsGateway(0)) {
            PhoneGateway gateway = gateway("http");
            Map<String, String> settings = unprefixed("http", sms.gatewaySettings());
            gateway.send(settings, new PhoneMessage(NUMBER, PhoneChannel.SMS, "Dein Code: \"987654\"", "de"));
            assertEquals("987654", sms.nextCodeTo(NUMBER, WAIT));
            gateway.send(settings, new PhoneMessage(NUMBER, PhoneChannel.VOICE, SPOKEN, "de"));
            FakeSmsGateway.Request call = sms.next(WAIT);
            assertEquals("voice", call.channel());
            assertEquals("keycloak-mfa", call.headers().get("x-client"));
            assertEquals("123456", PhoneInbox.codeIn(call.text()));
        }
    }

    @Test
    void httpGatewayFaultsHaveTheirReasons() throws Exception {
        try (FakeSmsGateway sms = new FakeSmsGateway(0)) {
            Map<String, String> settings = unprefixed("http", sms.gatewaySettings());
            sms.rateLimit(30);
            PhoneGatewayException limited = failure("http", settings);
            assertEquals(Reason.RATE_LIMITED, limited.reason());
            assertTrue(limited.getMessage().contains("retry after 30 s"), limited.getMessage());
            sms.answer(503, "");
            assertEquals(Reason.SERVER_ERROR, failure("http", settings).reason());
            sms.answer(200, "{\"status\":\"failed\"}");
            assertEquals(Reason.REJECTED, failure("http", settings).reason());
            sms.slow(Duration.ofSeconds(3));
            assertEquals(Reason.TIMEOUT, failure("http", settings).reason());
            sms.reset();
            settings.put("apiKey", "wrong");
            assertEquals(Reason.REJECTED, failure("http", settings).reason());
            assertEquals(401, sms.requests().get(0).status());
        }
    }

    @Test
    void spokenCodesAreJoined() {
        assertEquals("123456", PhoneInbox.codeIn(SPOKEN));
        assertEquals("4711", PhoneInbox.codeIn("Code 4711, valid 5 minutes"));
        assertNull(PhoneInbox.codeIn("no code, 1, 2"));
    }

    private static PhoneGatewayException failure(String id, Map<String, String> settings) {
        return assertThrows(PhoneGatewayException.class,
                () -> gateway(id).send(settings, new PhoneMessage(NUMBER, PhoneChannel.SMS, "Code 123456", "en")));
    }

    private static PhoneGateway gateway(String id) {
        PhoneGatewayFactory factory = ServiceLoader.load(PhoneGatewayFactory.class).stream()
                .map(ServiceLoader.Provider::get).filter(f -> f.getId().equals(id)).findFirst().orElseThrow();
        return factory.create(sessionWithHttpClient());
    }

    private static Map<String, String> unprefixed(String id, Map<String, String> stepConfig) {
        return GatewaySettings.forGateway(stepConfig, id);
    }

    private static KeycloakSession sessionWithHttpClient() {
        HttpClientProvider http = proxy(HttpClientProvider.class, (method, args) -> switch (method) {
            case "getHttpClient" -> HttpClients.createDefault();
            case "getMaxConsumedResponseSize" -> 1_000_000L;
            default -> null;
        });
        return proxy(KeycloakSession.class, (method, args) ->
                "getProvider".equals(method) && args[0] == HttpClientProvider.class ? http : null);
    }

    private interface Answers {
        Object answer(String method, Object[] args);
    }

    private static <T> T proxy(Class<T> type, Answers answers) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (self, method, args) -> answers.answer(method.getName(), args)));
    }
}
