package dev.kcmfa.phone.gateway.http;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which HTTP statuses mean "sent": a comma-separated list of exact statuses ({@code 200,202}) and classes
 * ({@code 2xx}). Default {@code 2xx}.
 */
record SuccessStatus(List<String> items) {

    static final String DEFAULT = "2xx";
    private static final String ITEM = "[1-5](\\d\\d|xx)";

    static SuccessStatus parse(String setting) {
        String text = setting.isBlank() ? DEFAULT : setting;
        return new SuccessStatus(Arrays.stream(text.toLowerCase(Locale.ROOT).split(","))
                .map(String::trim).filter(item -> !item.isEmpty()).toList());
    }

    Optional<String> problem() {
        if (items.isEmpty()) {
            return Optional.of("successStatus lists no status");
        }
        return items.stream().filter(item -> !item.matches(ITEM)).findFirst()
                .map(item -> "successStatus item '" + item + "' is neither a status like 200 nor a class like 2xx");
    }

    boolean matches(int status) {
        String exact = String.valueOf(status);
        return items.stream().anyMatch(item -> item.equals(exact)
                || item.endsWith("xx") && exact.length() == 3 && exact.charAt(0) == item.charAt(0));
    }
}
