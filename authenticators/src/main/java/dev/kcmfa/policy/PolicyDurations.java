package dev.kcmfa.policy;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** ISO-8601 durations as admins write them in policies ({@code PT5M}, {@code P30D}), never negative. */
final class PolicyDurations {

    /** "7 days", "1 day 12 hours", "90 seconds": what an admin may type on the console page instead of ISO-8601. */
    private static final Pattern WORDS = Pattern.compile("\\s*(\\d{1,9})\\s*(day|hour|minute|second)s?\\s*,?");

    private static final long[] UNIT_SECONDS = {86_400, 3_600, 60, 1};
    private static final String[] UNIT_NAMES = {"day", "hour", "minute", "second"};

    private PolicyDurations() {
    }

    /** A duration in words, e.g. {@code P7D} as "7 days" and {@code PT36H} as "1 day 12 hours". */
    static String inWords(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds == 0) {
            return "0 seconds";
        }
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < UNIT_SECONDS.length; i++) {
            long count = seconds / UNIT_SECONDS[i];
            seconds %= UNIT_SECONDS[i];
            if (count > 0) {
                parts.add(count + " " + UNIT_NAMES[i] + (count == 1 ? "" : "s"));
            }
        }
        return String.join(" ", parts);
    }

    /** The ISO-8601 form of a duration written in words ("7 days" is {@code P7D}); other text as it is. */
    static String isoFromWords(String text) {
        Matcher words = WORDS.matcher(text.toLowerCase(Locale.ROOT));
        Duration total = Duration.ZERO;
        int end = 0;
        while (words.find() && words.start() == end) {
            int unit = List.of(UNIT_NAMES).indexOf(words.group(2));
            total = total.plusSeconds(Long.parseLong(words.group(1)) * UNIT_SECONDS[unit]);
            end = words.end();
        }
        return end > 0 && end == text.length() ? format(total) : text;
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
