package dev.kcmfa.phone.gateway.twilio;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcmfa.phone.gateway.GatewayAnswer;
import dev.kcmfa.phone.gateway.GatewayRequest;
import dev.kcmfa.phone.gateway.PhoneChannel;
import dev.kcmfa.phone.gateway.PhoneGatewayException;
import dev.kcmfa.phone.gateway.PhoneGatewayException.Reason;
import dev.kcmfa.phone.gateway.PhoneMessage;
import dev.kcmfa.phone.gateway.PhoneNumbers;
import org.keycloak.util.JsonSerialization;

/**
 * Twilio's REST API (2010-04-01) without the wire: a message is a form POST to {@code Messages.json}, a call a form
 * POST to {@code Calls.json} carrying TwiML that speaks the text; Twilio answers 201 with the new resource's
 * {@code sid}, or an error {@code {"code", "message", "status"}}.
 */
final class TwilioCall {

    private static final int MAX_ERROR_TEXT = 200;
    /** The locale Twilio's voices speak a bare language in: the bundle's languages and the other common ones. */
    private static final Map<String, String> SAY_LANGUAGES = Map.ofEntries(Map.entry("ca", "ca-ES"),
            Map.entry("da", "da-DK"), Map.entry("de", "de-DE"), Map.entry("en", "en-US"), Map.entry("es", "es-ES"),
            Map.entry("fi", "fi-FI"), Map.entry("fr", "fr-FR"), Map.entry("it", "it-IT"), Map.entry("ja", "ja-JP"),
            Map.entry("ko", "ko-KR"), Map.entry("nb", "nb-NO"), Map.entry("no", "nb-NO"), Map.entry("nl", "nl-NL"),
            Map.entry("pl", "pl-PL"), Map.entry("pt", "pt-BR"), Map.entry("ru", "ru-RU"), Map.entry("sv", "sv-SE"),
            Map.entry("zh", "zh-CN"));

    private TwilioCall() {
    }

    static GatewayRequest request(TwilioSettings settings, PhoneMessage message) {
        String resource = message.channel() == PhoneChannel.VOICE ? "Calls.json" : "Messages.json";
        String url = settings.baseUrl() + "/2010-04-01/Accounts/" + settings.accountSid() + "/" + resource;
        String credentials = Base64.getEncoder().encodeToString(
                (settings.user() + ":" + settings.password()).getBytes(StandardCharsets.UTF_8));
        return new GatewayRequest("POST", url, Map.of("Authorization", "Basic " + credentials,
                "Accept", "application/json"), "application/x-www-form-urlencoded", formBody(form(settings, message)));
    }

    /** The form fields, in Twilio's names. */
    static Map<String, String> form(TwilioSettings settings, PhoneMessage message) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("To", message.to());
        if (message.channel() == PhoneChannel.VOICE) {
            form.put("From", settings.from());
            form.put("Twiml", twiml(message.text(), sayLanguage(message.languageTag()), settings.sayVoice()));
        } else {
            if (settings.messagingServiceSid().isEmpty()) {
                form.put("From", settings.from());
            } else {
                form.put("MessagingServiceSid", settings.messagingServiceSid());
            }
            form.put("Body", message.text());
        }
        return form;
    }

    /** A call that says the text once; the caller's text repeats the code itself. Null language or voice: Twilio's. */
    static String twiml(String text, String language, String voice) {
        StringBuilder say = new StringBuilder("<Say");
        if (voice != null && !voice.isEmpty()) {
            say.append(" voice=\"").append(xml(voice)).append('"');
        }
        if (language != null) {
            say.append(" language=\"").append(xml(language)).append('"');
        }
        return "<Response>" + say + ">" + xml(text == null ? "" : text) + "</Say></Response>";
    }

    /**
     * Twilio's language for a BCP-47 tag: language-REGION as given ({@code de-AT}), a bare language in its usual
     * region ({@code de} speaks {@code de-DE}), or null (Twilio's default, en-US) for a language without one here.
     */
    static String sayLanguage(String tag) {
        Locale locale = Locale.forLanguageTag(tag == null ? "" : tag.replace('_', '-'));
        String language = locale.getLanguage();
        if (language.isEmpty() || locale.getCountry().isEmpty()) {
            return SAY_LANGUAGES.get(language);
        }
        return language + "-" + locale.getCountry();
    }

    /** The new message's or call's sid; anything else is the reason the send failed. */
    static String check(GatewayAnswer answer, String what) throws PhoneGatewayException {
        JsonNode json = json(answer.body());
        if (answer.status() == 200 || answer.status() == 201) {
            String sid = json == null ? "" : json.path("sid").asText("");
            if (sid.isEmpty()) {
                throw new PhoneGatewayException(Reason.MALFORMED_ANSWER, what + ": Twilio answered HTTP "
                        + answer.status() + " without a sid");
            }
            return sid;
        }
        String error = error(json);
        if (answer.rateLimited()) {
            throw new PhoneGatewayException(Reason.RATE_LIMITED, what + ": Twilio: too many requests, "
                    + answer.rateLimitText() + error);
        }
        if (answer.serverError()) {
            throw new PhoneGatewayException(Reason.SERVER_ERROR, what + ": Twilio failed with HTTP "
                    + answer.status() + error);
        }
        Reason reason = answer.status() == 401 || answer.status() == 403 || answer.status() == 404
                ? Reason.MISCONFIGURED : Reason.REJECTED;
        throw new PhoneGatewayException(reason, what + ": Twilio refused with HTTP " + answer.status() + error);
    }

    /** ", error 21211: The 'To' number ***01 is not valid": Twilio's code and message, numbers masked. */
    static String error(JsonNode json) {
        if (json == null || !json.has("code")) {
            return "";
        }
        String message = PhoneNumbers.maskedIn(json.path("message").asText(""));
        if (message.length() > MAX_ERROR_TEXT) {
            message = message.substring(0, MAX_ERROR_TEXT) + "...";
        }
        return ", error " + json.path("code").asText() + (message.isEmpty() ? "" : ": " + message);
    }

    private static JsonNode json(String body) {
        try {
            JsonNode json = body == null || body.isBlank() ? null : JsonSerialization.mapper.readTree(body);
            return json != null && json.isObject() ? json : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String formBody(Map<String, String> form) {
        return form.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&apos;");
    }
}
