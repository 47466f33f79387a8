package dev.kcmfa.phone.gateway.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * How the message travels: as a JSON body, a form body, or (none) in the URL's query only. Each escapes template
 * values its own way and has a body template that suits most gateways.
 */
enum BodyFormat {

    JSON("application/json", BodyFormat::jsonString,
            "{\"to\":\"${to}\",\"text\":\"${text}\",\"channel\":\"${channel}\",\"language\":\"${language}\"}"),
    FORM("application/x-www-form-urlencoded", BodyFormat::urlEncoded,
            "to=${to}&text=${text}&channel=${channel}&language=${language}"),
    NONE("none", BodyFormat::urlEncoded, "to=${to}&text=${text}&channel=${channel}&language=${language}");

    private final String contentType;
    private final UnaryOperator<String> escape;
    private final String defaultTemplate;

    BodyFormat(String contentType, UnaryOperator<String> escape, String defaultTemplate) {
        this.contentType = contentType;
        this.escape = escape;
        this.defaultTemplate = defaultTemplate;
    }

    static Optional<BodyFormat> of(String contentType) {
        return Arrays.stream(values()).filter(f -> f.contentType.equalsIgnoreCase(contentType)).findFirst();
    }

    String contentType() {
        return contentType;
    }

    UnaryOperator<String> escape() {
        return escape;
    }

    String defaultTemplate() {
        return defaultTemplate;
    }

    /** The inside of a JSON string: quotes, backslashes and control characters escaped. */
    static String jsonString(String value) {
        return new String(JsonStringEncoder.getInstance().quoteAsString(value));
    }

    /** A query or form value; spaces as %20, which both read as a space. */
    static String urlEncoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
