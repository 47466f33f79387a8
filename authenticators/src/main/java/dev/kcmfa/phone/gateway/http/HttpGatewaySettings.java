package dev.kcmfa.phone.gateway.http;

import static dev.kcmfa.phone.gateway.GatewaySettings.text;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import dev.kcmfa.phone.gateway.GatewaySettings;
import dev.kcmfa.phone.gateway.GatewayTimeouts;
import dev.kcmfa.phone.gateway.PhoneChannel;

/**
 * The generic gateway's settings as typed, and what is wrong with them. Nothing here throws: a bad setting is a
 * {@link #problem} the step reports, and a send with one fails as misconfigured.
 */
record HttpGatewaySettings(String url, String method, BodyFormat format, String bodyTemplate,
        Map<String, String> headers, SuccessStatus success, String successBodyContains, boolean voice,
        GatewayTimeouts timeouts, Optional<String> problem) {

    static final String URL = "url";
    static final String METHOD = "method";
    static final String HEADERS = "headers";
    static final String API_KEY_HEADER = "apiKeyHeader";
    static final String API_KEY = "apiKey";
    static final String CONTENT_TYPE = "contentType";
    static final String BODY_TEMPLATE = "bodyTemplate";
    static final String SUCCESS_STATUS = "successStatus";
    static final String SUCCESS_BODY_CONTAINS = "successBodyContains";
    static final String VOICE = "voice";
    private static final String HEADER_NAME = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";

    static HttpGatewaySettings of(Map<String, String> settings) {
        String method = text(settings, METHOD, "POST").toUpperCase(Locale.ROOT);
        String contentType = text(settings, CONTENT_TYPE, "GET".equals(method) ? "none" : "application/json");
        Optional<BodyFormat> format = BodyFormat.of(contentType);
        String template = text(settings, BODY_TEMPLATE, format.map(BodyFormat::defaultTemplate).orElse(""));
        Map<String, String> headers = new LinkedHashMap<>();
        SuccessStatus success = SuccessStatus.parse(text(settings, SUCCESS_STATUS));
        Optional<String> problem = Stream.<Optional<String>>of(
                GatewaySettings.urlProblem(URL, MessageTemplate.render(text(settings, URL), Map.of(), v -> "x")),
                MessageTemplate.unknownPlaceholder(URL, text(settings, URL)),
                methodProblem(method),
                format.isPresent() ? Optional.empty() : Optional.of(CONTENT_TYPE
                        + " must be application/json, application/x-www-form-urlencoded or none"),
                "GET".equals(method) && format.filter(f -> f != BodyFormat.NONE).isPresent()
                        ? Optional.of("method GET sends no body: set " + CONTENT_TYPE + " to none")
                        : Optional.empty(),
                MessageTemplate.unknownPlaceholder(BODY_TEMPLATE, template),
                readHeaders(text(settings, HEADERS), headers),
                apiKey(settings, headers),
                success.problem(),
                booleanProblem(text(settings, VOICE)),
                GatewayTimeouts.problem(settings))
                .flatMap(Optional::stream).findFirst();
        return new HttpGatewaySettings(text(settings, URL), method, format.orElse(BodyFormat.JSON), template,
                headers, success, text(settings, SUCCESS_BODY_CONTAINS),
                "true".equalsIgnoreCase(text(settings, VOICE)),
                GatewayTimeouts.of(settings), problem);
    }

    Optional<String> problem(PhoneChannel channel) {
        if (problem.isPresent() || channel != PhoneChannel.VOICE || voice) {
            return problem;
        }
        return Optional.of("this gateway does not place calls: set " + VOICE + " to true if it can");
    }

    private static Optional<String> methodProblem(String method) {
        return Stream.of("POST", "GET", "PUT").anyMatch(method::equals) ? Optional.empty()
                : Optional.of(METHOD + " must be POST, GET or PUT");
    }

    private static Optional<String> booleanProblem(String value) {
        return value.isEmpty() || value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")
                ? Optional.empty() : Optional.of(VOICE + " must be true or false");
    }

    /** One "Name: value" per line into {@code headers}; a problem names the line, never its value (a key). */
    private static Optional<String> readHeaders(String lines, Map<String, String> headers) {
        String[] all = lines.split("\\R");
        for (int i = 0; i < all.length; i++) {
            String line = all[i].trim();
            if (line.isEmpty()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || !line.substring(0, colon).trim().matches(HEADER_NAME)) {
                return Optional.of(HEADERS + " line " + (i + 1) + " is not 'Name: value'");
            }
            headers.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
        }
        return Optional.empty();
    }

    /** The API key's header, kept apart from {@code headers} so that the key can be a masked secret setting. */
    private static Optional<String> apiKey(Map<String, String> settings, Map<String, String> headers) {
        String name = text(settings, API_KEY_HEADER);
        String key = text(settings, API_KEY);
        if (name.isEmpty() != key.isEmpty()) {
            return Optional.of(API_KEY_HEADER + " and " + API_KEY + " go together: set both or neither");
        }
        if (!name.isEmpty() && !name.matches(HEADER_NAME)) {
            return Optional.of(API_KEY_HEADER + " is not a valid header name");
        }
        if (key.contains("\n") || key.contains("\r")) {
            return Optional.of(API_KEY + " must be a single line");
        }
        if (!name.isEmpty()) {
            headers.put(name, key);
        }
        return Optional.empty();
    }
}
