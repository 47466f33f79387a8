package dev.kcmfa.policy;

import java.time.Duration;

/**
 * How long "Remember this device" spares the second factor: {@code never}, an ISO-8601 duration such as
 * {@code P30D}, or {@code forever}. Ordered by lifetime, so the strictest is the shortest.
 */
public record RememberDevice(Duration lifetime) implements Comparable<RememberDevice> {

    public static final RememberDevice NEVER = new RememberDevice(Duration.ZERO);
    public static final RememberDevice FOREVER = new RememberDevice(Duration.ofSeconds(Long.MAX_VALUE));

    /** The value of {@code field}: never, forever or an ISO-8601 duration. */
    static RememberDevice parse(String field, String text) throws PolicyException {
        if ("never".equals(text)) {
            return NEVER;
        }
        if ("forever".equals(text)) {
            return FOREVER;
        }
        Duration lifetime = PolicyDurations.parse(field, text,
                "never, forever or an ISO-8601 duration such as PT12H or P30D");
        return lifetime.isZero() ? NEVER : new RememberDevice(lifetime);
    }

    public boolean isNever() {
        return lifetime.isZero();
    }

    public boolean isForever() {
        return equals(FOREVER);
    }

    RememberDevice shortest(RememberDevice other) {
        return compareTo(other) <= 0 ? this : other;
    }

    @Override
    public int compareTo(RememberDevice other) {
        return lifetime.compareTo(other.lifetime);
    }

    @Override
    public String toString() {
        return isNever() ? "never" : isForever() ? "forever" : PolicyDurations.format(lifetime);
    }
}
