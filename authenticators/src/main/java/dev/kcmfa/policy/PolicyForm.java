package dev.kcmfa.policy;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.util.JsonSerialization;

/**
 * The fields of an entry on the console page and the policy JSON they stand for. Lists are held as ONE text value
 * ("push, totp"; networks one per line): Keycloak stores a component's values of one key as a set, so a
 * multi-valued field would come back in any order, and the order of methods is the policy's preference.
 */
final class PolicyForm {

    static final String INHERIT = "inherit";
    static final String IN_WORDS = "InWords";
    static final List<String> DURATIONS = List.of(PolicyDocument.FIELD_REMEMBER_DEVICE,
            PolicyDocument.FIELD_ENROLLMENT_GRACE, PolicyDocument.FIELD_CODE_TTL);

    /** The fields chosen from a list, where "inherit" leaves them out. */
    static final List<String> CHOICES = List.of(PolicyDocument.FIELD_ENFORCEMENT, PolicyDocument.FIELD_RECOVERY_CODES);

    private static final String METHOD_SEPARATOR = ", ";
    private static final String NETWORK_SEPARATOR = "\n";

    private PolicyForm() {
    }

    /** The entry's fields as the policy JSON stored in the realm attribute; empty fields are left out. */
    static String json(MultivaluedHashMap<String, String> config) {
        Map<String, Object> policy = new LinkedHashMap<>();
        for (String field : CHOICES) {
            String value = text(config, field);
            if (value != null && !INHERIT.equals(value)) {
                policy.put(field, value);
            }
        }
        putList(policy, config, PolicyDocument.FIELD_METHODS);
        putList(policy, config, PolicyDocument.FIELD_TRUSTED_NETWORKS);
        for (String field : DURATIONS) {
            String value = text(config, field);
            if (value != null) {
                policy.put(field, PolicyDurations.isoFromWords(value));
            }
        }
        String attempts = text(config, PolicyDocument.FIELD_MAX_ATTEMPTS);
        if (attempts != null) {
            policy.put(PolicyDocument.FIELD_MAX_ATTEMPTS, attempts.matches("\\d{1,9}") ? Integer.parseInt(attempts)
                    : attempts);
        }
        try {
            return JsonSerialization.writeValueAsString(policy);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Fills the entry's fields from a policy, each list in its order. */
    static void show(MultivaluedHashMap<String, String> config, PolicyDocument document) {
        CHOICES.forEach(field -> config.putSingle(field, INHERIT));
        document.writtenFields().forEach((field, value) -> {
            String separator = PolicyDocument.FIELD_METHODS.equals(field) ? METHOD_SEPARATOR : NETWORK_SEPARATOR;
            config.putSingle(field, value instanceof List<?> list
                    ? String.join(separator, list.stream().map(Object::toString).toList()) : value.toString());
        });
    }

    /**
     * Beside each duration, its read-only twin in words ("7 days"), from the document saved: what the ISO-8601
     * text means, and what a duration typed in words was stored as.
     */
    static void describeDurations(MultivaluedHashMap<String, String> config, PolicyDocument document) {
        config.putSingle(PolicyDocument.FIELD_REMEMBER_DEVICE + IN_WORDS, document.rememberDevice() == null
                ? "inherited" : rememberDeviceInWords(document.rememberDevice()));
        config.putSingle(PolicyDocument.FIELD_ENROLLMENT_GRACE + IN_WORDS, inWords(document.enrollmentGrace()));
        config.putSingle(PolicyDocument.FIELD_CODE_TTL + IN_WORDS, inWords(document.codeTtl()));
        for (String field : DURATIONS) {
            Object stored = document.writtenFields().get(field);
            if (stored != null) {
                config.putSingle(field, stored.toString());
            }
        }
    }

    private static String rememberDeviceInWords(RememberDevice rememberDevice) {
        return rememberDevice.isNever() || rememberDevice.isForever() ? rememberDevice.toString()
                : PolicyDurations.inWords(rememberDevice.lifetime());
    }

    private static String inWords(Duration duration) {
        return duration == null ? "inherited" : duration.isZero() ? "none" : PolicyDurations.inWords(duration);
    }

    private static void putList(Map<String, Object> policy, MultivaluedHashMap<String, String> config, String field) {
        // entries saved before lists were one value may still hold several; commas, spaces and lines all separate
        List<String> values = Optional.ofNullable(config.get(field)).orElse(List.of()).stream()
                .filter(v -> v != null)
                .flatMap(v -> Arrays.stream(v.split("[,\\s]+|##")))
                .filter(v -> !v.isEmpty()).toList();
        if (!values.isEmpty()) {
            policy.put(field, values);
        }
    }

    private static String text(MultivaluedHashMap<String, String> config, String field) {
        String value = config.getFirst(field);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
