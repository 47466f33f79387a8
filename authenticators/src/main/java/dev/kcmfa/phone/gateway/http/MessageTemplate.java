package dev.kcmfa.phone.gateway.http;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A body or URL with placeholders {@code ${to}}, {@code ${text}}, {@code ${channel}} and {@code ${language}}. Each
 * value is escaped for where it lands (a JSON string, a form or query value), so a text can never break out of its
 * place; everything else in the template is the admin's and stays as typed.
 */
final class MessageTemplate {

    static final Set<String> PLACEHOLDERS = Set.of("to", "text", "channel", "language");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

    private MessageTemplate() {
    }

    static String render(String template, Map<String, String> values, UnaryOperator<String> escape) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = values.getOrDefault(matcher.group(1), "");
            matcher.appendReplacement(out, Matcher.quoteReplacement(escape.apply(value)));
        }
        return matcher.appendTail(out).toString();
    }

    /** The first placeholder that is not one of ours, as an admin-readable problem; empty when all are known. */
    static Optional<String> unknownPlaceholder(String settingName, String template) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        while (matcher.find()) {
            if (!PLACEHOLDERS.contains(matcher.group(1))) {
                return Optional.of(settingName + " has an unknown placeholder ${" + matcher.group(1)
                        + "}; known are ${to}, ${text}, ${channel} and ${language}");
            }
        }
        return Optional.empty();
    }
}
