package dev.kcmfa.phone.gateway.twilio;

import static dev.kcmfa.phone.gateway.GatewaySettings.text;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import dev.kcmfa.phone.gateway.GatewaySettings;
import dev.kcmfa.phone.gateway.GatewayTimeouts;
import dev.kcmfa.phone.gateway.PhoneChannel;
import dev.kcmfa.phone.gateway.PhoneNumbers;

/**
 * Twilio's settings: the account, its credentials (the auth token, or an API key which Twilio recommends for
 * production; the key wins when both are set), the sender (a Twilio number, or for SMS a messaging service or an
 * alphanumeric sender id), and the API's base URL. Problems never quote a secret or a SID.
 */
record TwilioSettings(String accountSid, String user, String password, String from, String messagingServiceSid,
        String baseUrl, String sayVoice, GatewayTimeouts timeouts, Optional<String> problem) {

    static final String ACCOUNT_SID = "accountSid";
    static final String AUTH_TOKEN = "authToken";
    static final String API_KEY_SID = "apiKeySid";
    static final String API_KEY_SECRET = "apiKeySecret";
    static final String FROM = "from";
    static final String MESSAGING_SERVICE_SID = "messagingServiceSid";
    static final String BASE_URL = "baseUrl";
    static final String SAY_VOICE = "sayVoice";
    static final String DEFAULT_BASE_URL = "https://api.twilio.com";
    /** Twilio's alphanumeric sender ids: up to 11 letters, digits and spaces, at least one letter. */
    private static final String ALPHANUMERIC_SENDER = "(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}";

    static TwilioSettings of(Map<String, String> settings) {
        String keySid = text(settings, API_KEY_SID);
        boolean apiKey = !keySid.isEmpty();
        String accountSid = text(settings, ACCOUNT_SID);
        String baseUrl = text(settings, BASE_URL, DEFAULT_BASE_URL).replaceAll("/+$", "");
        Optional<String> problem = Stream.<Optional<String>>of(
                sidProblem(ACCOUNT_SID, accountSid, "AC"),
                apiKey ? sidProblem(API_KEY_SID, keySid, "SK") : Optional.empty(),
                required(apiKey ? API_KEY_SECRET : AUTH_TOKEN, text(settings, apiKey ? API_KEY_SECRET : AUTH_TOKEN)),
                text(settings, MESSAGING_SERVICE_SID).isEmpty() ? Optional.empty()
                        : sidProblem(MESSAGING_SERVICE_SID, text(settings, MESSAGING_SERVICE_SID), "MG"),
                fromProblem(text(settings, FROM)),
                GatewaySettings.urlProblem(BASE_URL, baseUrl),
                GatewayTimeouts.problem(settings))
                .flatMap(Optional::stream).findFirst();
        return new TwilioSettings(accountSid, apiKey ? keySid : accountSid,
                text(settings, apiKey ? API_KEY_SECRET : AUTH_TOKEN), text(settings, FROM),
                text(settings, MESSAGING_SERVICE_SID), baseUrl, text(settings, SAY_VOICE),
                GatewayTimeouts.of(settings), problem);
    }

    /** A message service sends SMS only, and a call needs a Twilio number to call from. */
    Optional<String> problem(PhoneChannel channel) {
        if (problem.isPresent()) {
            return problem;
        }
        if (channel == PhoneChannel.VOICE && !PhoneNumbers.isE164(from)) {
            return Optional.of("calls need " + FROM + ": a Twilio number in E.164 form (+15551234567)");
        }
        if (from.isEmpty() && messagingServiceSid.isEmpty()) {
            return Optional.of("set " + FROM + " (a Twilio number) or " + MESSAGING_SERVICE_SID);
        }
        return Optional.empty();
    }

    private static Optional<String> sidProblem(String name, String sid, String prefix) {
        if (sid.isEmpty()) {
            return Optional.of(name + " is required");
        }
        return sid.matches(prefix + "[0-9a-fA-F]{32}") ? Optional.empty()
                : Optional.of(name + " must be " + prefix + " followed by 32 hexadecimal digits");
    }

    private static Optional<String> required(String name, String value) {
        return value.isEmpty() ? Optional.of(name + " is required") : Optional.empty();
    }

    private static Optional<String> fromProblem(String from) {
        return from.isEmpty() || PhoneNumbers.isE164(from) || from.matches(ALPHANUMERIC_SENDER) ? Optional.empty()
                : Optional.of(FROM + " must be a number in E.164 form (+15551234567) or an alphanumeric sender id");
    }
}
