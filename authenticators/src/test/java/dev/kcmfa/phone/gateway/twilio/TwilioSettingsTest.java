package dev.kcmfa.phone.gateway.twilio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import dev.kcmfa.phone.gateway.PhoneChannel;
import org.junit.jupiter.api.Test;

class TwilioSettingsTest {

    static final String ACCOUNT = "AC0123456789abcdef0123456789abcdef";
    static final String KEY = "SK0123456789abcdef0123456789abcdef";
    static final String SERVICE = "MG0123456789abcdef0123456789abcdef";

    static Map<String, String> settings(String... keyValues) {
        Map<String, String> settings = new HashMap<>(Map.of("accountSid", ACCOUNT, "authToken", "token",
                "from", "+15005550006"));
        for (int i = 0; i < keyValues.length; i += 2) {
            settings.put(keyValues[i], keyValues[i + 1]);
        }
        return settings;
    }

    private static String problem(PhoneChannel channel, String... keyValues) {
        return new TwilioGatewayFactory().problem(settings(keyValues), channel).orElse("none");
    }

    @Test
    void goodSettingsHaveNoProblem() {
        assertEquals("none", problem(PhoneChannel.SMS));
        assertEquals("none", problem(PhoneChannel.VOICE));
        assertEquals("none", problem(PhoneChannel.SMS, "authToken", "", "apiKeySid", KEY, "apiKeySecret", "s"));
        assertEquals("none", problem(PhoneChannel.SMS, "from", "", "messagingServiceSid", SERVICE));
        assertEquals("none", problem(PhoneChannel.SMS, "from", "MyBank"));
    }

    @Test
    void eachBadSettingIsNamed() {
        assertEquals("accountSid is required", problem(PhoneChannel.SMS, "accountSid", ""));
        assertEquals("accountSid must be AC followed by 32 hexadecimal digits",
                problem(PhoneChannel.SMS, "accountSid", "SK0123456789abcdef0123456789abcdef"));
        assertEquals("authToken is required", problem(PhoneChannel.SMS, "authToken", " "));
        assertEquals("apiKeySid must be SK followed by 32 hexadecimal digits",
                problem(PhoneChannel.SMS, "apiKeySid", "SK12", "apiKeySecret", "s"));
        assertEquals("apiKeySecret is required", problem(PhoneChannel.SMS, "apiKeySid", KEY));
        assertEquals("messagingServiceSid must be MG followed by 32 hexadecimal digits",
                problem(PhoneChannel.SMS, "messagingServiceSid", "MG1"));
        assertTrue(problem(PhoneChannel.SMS, "from", "0151-1234").startsWith("from must be"));
        assertEquals("set from (a Twilio number) or messagingServiceSid", problem(PhoneChannel.SMS, "from", ""));
        assertTrue(problem(PhoneChannel.SMS, "baseUrl", "api.twilio.com").startsWith("baseUrl must be"));
        assertTrue(problem(PhoneChannel.SMS, "connectTimeoutMillis", "x").startsWith("connectTimeoutMillis"));
    }

    @Test
    void callsNeedANumberToCallFrom() {
        assertTrue(problem(PhoneChannel.VOICE, "from", "", "messagingServiceSid", SERVICE).startsWith("calls need"));
        assertTrue(problem(PhoneChannel.VOICE, "from", "MyBank").startsWith("calls need"));
    }

    @Test
    void problemsNeverQuoteSecrets() {
        assertFalse(problem(PhoneChannel.SMS, "accountSid", "ACsecret-looking").contains("secret-looking"));
    }

    @Test
    void anApiKeyWinsOverTheAuthToken() {
        TwilioSettings parsed = TwilioSettings.of(settings("apiKeySid", KEY, "apiKeySecret", "s"));
        assertEquals(KEY, parsed.user());
        assertEquals("s", parsed.password());
        assertEquals(Optional.empty(), parsed.problem());
        assertEquals("https://api.twilio.com", parsed.baseUrl());
        assertEquals("http://127.0.0.1:1", TwilioSettings.of(settings("baseUrl", "http://127.0.0.1:1/")).baseUrl());
    }
}
