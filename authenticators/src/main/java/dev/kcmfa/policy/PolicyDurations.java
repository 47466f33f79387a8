package dev.kcmfa.policy;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/** ISO-8601 durations as admins write them in policies ({@code PT5M}, {@code P30D}), never negative. */
final class PolicyDurations {

    private PolicyDurations() {
    }

    static Duration parse(String field, String text, String expected) throws PolicyException {
        try {
            Duration duration = Duration.parse(text);
            if (duration.isNegative()) {
                throw new PolicyException(field, "must not be negative");
            }
            return duration;
        } catch (DateTimeParseException e) {
            throw new PolicyException(field, "'" + text + "' is not valid: expected " + expected);
        }
    }

    /** As admins write durations: {@code P7D} rather than Java's {@code PT168H} for whole days. */
    static String format(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds > 0 && seconds % 86_400 == 0 && duration.getNano() == 0
                ? "P" + seconds / 86_400 + "D" : duration.toString();
    }

    static Duration parseWithin(String field, String text, Duration min, Duration max) throws PolicyException {
        Duration duration = parse(field, text, "an ISO-8601 duration such as PT5M");
        if (duration.compareTo(min) < 0 || duration.compareTo(max) > 0) {
            throw new PolicyException(field, "must be from " + min + " to " + max);
        }
        return duration;
    }
}
