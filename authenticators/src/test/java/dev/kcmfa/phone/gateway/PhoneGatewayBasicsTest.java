package dev.kcmfa.phone.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PhoneGatewayBasicsTest {

    @Test
    void numbersAreMaskedToTheirLastTwoDigits() {
        assertEquals("***78", PhoneNumbers.masked("+4915112345678"));
        assertEquals("***", PhoneNumbers.masked("12"));
        assertEquals("***", PhoneNumbers.masked(null));
        assertEquals("The 'To' number ***01 is not valid, code 21211",
                PhoneNumbers.maskedIn("The 'To' number +15005550001 is not valid, code 21211"));
    }

    @Test
    void e164NeedsAPlusAndEightToFifteenDigits() {
        assertTrue(PhoneNumbers.isE164("+4915112345678"));
        assertFalse(PhoneNumbers.isE164("015112345678"));
        assertFalse(PhoneNumbers.isE164("+0151123456"));
        assertFalse(PhoneNumbers.isE164("+1234567890123456"));
    }

    @Test
    void summaryNamesTheChannelAndTheMaskedNumber() {
        assertEquals("SMS to ***78", new PhoneMessage("+4915112345678", PhoneChannel.SMS, "x", "de").summary());
        assertEquals("call to ***78", new PhoneMessage("+4915112345678", PhoneChannel.VOICE, "x", "de").summary());
    }

    @Test
    void timeoutsDefaultAndStayInRange() {
        assertEquals(new GatewayTimeouts(Duration.ofMillis(3000), Duration.ofMillis(5000)),
                GatewayTimeouts.of(Map.of()));
        assertEquals(new GatewayTimeouts(Duration.ofMillis(100), Duration.ofMillis(30_000)),
                GatewayTimeouts.of(Map.of("connectTimeoutMillis", "1", "readTimeoutMillis", "999999")));
        assertTrue(GatewayTimeouts.problem(Map.of("readTimeoutMillis", "5s")).isPresent());
        assertFalse(GatewayTimeouts.problem(Map.of("readTimeoutMillis", " 800 ")).isPresent());
    }

    @Test
    void rateLimitTextReadsRetryAfter() {
        assertEquals("HTTP 429, retry after 30 s", new GatewayAnswer(429, "", "30").rateLimitText());
        assertEquals("HTTP 429", new GatewayAnswer(429, "", null).rateLimitText());
        assertEquals("HTTP 429, retry after Wed, 21 Oct 2015 07:28:00 GMT",
                new GatewayAnswer(429, "", "Wed, 21 Oct 2015 07:28:00 GMT").rateLimitText());
    }

    @Test
    void urlsMustBeWebUrlsWithAHost() {
        assertTrue(GatewaySettings.urlProblem("url", "").isPresent());
        assertTrue(GatewaySettings.urlProblem("url", "ftp://x.example").isPresent());
        assertTrue(GatewaySettings.urlProblem("url", "https:///path").isPresent());
        assertTrue(GatewaySettings.urlProblem("url", "https://a b").isPresent());
        assertFalse(GatewaySettings.urlProblem("url", "https://sms.example.com/send").isPresent());
    }

    @Test
    void aStepConfigHoldsEachGatewaysSettingsUnderItsId() {
        assertEquals(Map.of("url", "https://s.example", "voice", "true"), GatewaySettings.forGateway(Map.of(
                "http.url", "https://s.example", "http.voice", "true", "twilio.from", "+15005550006",
                "httpx.url", "no"), "http"));
        java.util.List<org.keycloak.provider.ProviderConfigProperty> shown = GatewaySettings.prefixed(
                new dev.kcmfa.phone.gateway.twilio.TwilioGatewayFactory());
        assertTrue(shown.stream().anyMatch(p -> p.getName().equals("twilio.authToken") && p.isSecret()
                && p.getType().equals(org.keycloak.provider.ProviderConfigProperty.PASSWORD)));
        assertTrue(shown.stream().allMatch(p -> p.getName().startsWith("twilio.")));
    }
}
