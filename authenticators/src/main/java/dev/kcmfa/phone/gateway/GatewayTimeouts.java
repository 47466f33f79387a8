package dev.kcmfa.phone.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.keycloak.provider.ProviderConfigProperty;

/**
 * How long a gateway call may take: to connect (settings {@code connectTimeoutMillis}, default 3000) and for each
 * read of the answer ({@code readTimeoutMillis}, default 5000). Values out of range are brought into it, so that a
 * typo can neither make every send fail at once nor hold a login for minutes.
 */
public record GatewayTimeouts(Duration connect, Duration read) {

    public static final String CONNECT = "connectTimeoutMillis";
    public static final String READ = "readTimeoutMillis";
    static final int DEFAULT_CONNECT_MILLIS = 3000;
    static final int DEFAULT_READ_MILLIS = 5000;
    static final int MIN_MILLIS = 100;
    static final int MAX_CONNECT_MILLIS = 10_000;
    static final int MAX_READ_MILLIS = 30_000;

    public static GatewayTimeouts of(Map<String, String> settings) {
        return new GatewayTimeouts(
                Duration.ofMillis(millis(settings, CONNECT, DEFAULT_CONNECT_MILLIS, MAX_CONNECT_MILLIS)),
                Duration.ofMillis(millis(settings, READ, DEFAULT_READ_MILLIS, MAX_READ_MILLIS)));
    }

    /** A time-out that is not a whole number is a problem; one out of range is only bounded. */
    public static Optional<String> problem(Map<String, String> settings) {
        for (String name : List.of(CONNECT, READ)) {
            String value = GatewaySettings.text(settings, name);
            if (!value.isEmpty() && !value.matches("\\d{1,9}")) {
                return Optional.of(name + " must be a whole number of milliseconds");
            }
        }
        return Optional.empty();
    }

    public static List<ProviderConfigProperty> settings() {
        return List.of(
                GatewaySettings.property(CONNECT, "Connect time-out (ms)", "How long to wait for a connection to the "
                        + "gateway (" + MIN_MILLIS + " to " + MAX_CONNECT_MILLIS + ").",
                        ProviderConfigProperty.INTEGER_TYPE, String.valueOf(DEFAULT_CONNECT_MILLIS)),
                GatewaySettings.property(READ, "Read time-out (ms)", "How long to wait for each part of the "
                        + "gateway's answer (" + MIN_MILLIS + " to " + MAX_READ_MILLIS + ").",
                        ProviderConfigProperty.INTEGER_TYPE, String.valueOf(DEFAULT_READ_MILLIS)));
    }

    private static int millis(Map<String, String> settings, String name, int fallback, int max) {
        String value = GatewaySettings.text(settings, name);
        int millis = value.matches("\\d{1,9}") ? Integer.parseInt(value) : fallback;
        return Math.max(MIN_MILLIS, Math.min(max, millis));
    }
}
