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

    static Duration parseWithin(String field, String text, Duration min, Duration max) throws PolicyException {
        Duration duration = parse(field, text, "an ISO-8601 duration such as PT5M");
        if (duration.compareTo(min) < 0 || duration.compareTo(max) > 0) {
            throw new PolicyException(field, "must be from " + min + " to " + max);
        }
        return duration;
    }
}
