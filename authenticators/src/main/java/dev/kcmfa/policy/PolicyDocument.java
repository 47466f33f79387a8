package dev.kcmfa.policy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcmfa.core.MfaMethod;
import dev.kcmfa.core.MfaMethods;
import org.keycloak.util.JsonSerialization;

/**
 * One scope's policy as an admin wrote it. Every field may be absent (null), in which case it is inherited from the
 * parent scope: the parent group, then the realm default, then {@link MfaPolicy#BUILT_IN_DEFAULT}.
 */
public record PolicyDocument(Enforcement enforcement, List<MfaMethod> methods, RememberDevice rememberDevice,
                             TrustedNetworks trustedNetworks, Duration enrollmentGrace, Integer maxAttempts,
                             Duration codeTtl, RecoveryCodes recoveryCodes) {

    static final String FIELD_ENFORCEMENT = "enforcement";
    static final String FIELD_METHODS = "methods";
    static final String FIELD_REMEMBER_DEVICE = "rememberDevice";
    static final String FIELD_TRUSTED_NETWORKS = "trustedNetworks";
    static final String FIELD_ENROLLMENT_GRACE = "enrollmentGrace";
    static final String FIELD_MAX_ATTEMPTS = "maxAttempts";
    static final String FIELD_CODE_TTL = "codeTtl";
    static final String FIELD_RECOVERY_CODES = "recoveryCodes";

    public static final List<String> FIELDS = List.of(FIELD_ENFORCEMENT, FIELD_METHODS, FIELD_REMEMBER_DEVICE,
            FIELD_TRUSTED_NETWORKS, FIELD_ENROLLMENT_GRACE, FIELD_MAX_ATTEMPTS, FIELD_CODE_TTL, FIELD_RECOVERY_CODES);

    static final int MAX_ATTEMPTS_LIMIT = 20;
    static final Duration CODE_TTL_MIN = Duration.ofSeconds(30);
    static final Duration CODE_TTL_MAX = Duration.ofHours(1);
    static final Duration ENROLLMENT_GRACE_MAX = Duration.ofDays(365);
    /** Longer documents are refused: a policy is a few lines, and the text is parsed on logins. */
    static final int MAX_LENGTH = 16_384;

    public static final PolicyDocument EMPTY = new PolicyDocument(null, null, null, null, null, null, null, null);

    public static PolicyDocument parse(String json) throws PolicyException {
        if (json == null || json.length() > MAX_LENGTH) {
            throw new PolicyException("policy", "must be a JSON object of at most " + MAX_LENGTH + " characters");
        }
        JsonNode root;
        try {
            root = JsonSerialization.mapper.readTree(json);
        } catch (IOException e) {
            throw new PolicyException("policy", "not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new PolicyException("policy", "must be a JSON object");
        }
        rejectUnknownFields(root);
        String rememberDevice = text(root, FIELD_REMEMBER_DEVICE);
        String enrollmentGrace = text(root, FIELD_ENROLLMENT_GRACE);
        String codeTtl = text(root, FIELD_CODE_TTL);
        return new PolicyDocument(
                parseEnforcement(text(root, FIELD_ENFORCEMENT)),
                parseMethods(root.get(FIELD_METHODS)),
                rememberDevice == null ? null : RememberDevice.parse(FIELD_REMEMBER_DEVICE, rememberDevice),
                parseTrustedNetworks(root.get(FIELD_TRUSTED_NETWORKS)),
                enrollmentGrace == null ? null : PolicyDurations.parseWithin(
                        FIELD_ENROLLMENT_GRACE, enrollmentGrace, Duration.ZERO, ENROLLMENT_GRACE_MAX),
                parseMaxAttempts(root.get(FIELD_MAX_ATTEMPTS)),
                codeTtl == null ? null : PolicyDurations.parseWithin(FIELD_CODE_TTL, codeTtl, CODE_TTL_MIN, CODE_TTL_MAX),
                parseRecoveryCodes(text(root, FIELD_RECOVERY_CODES)));
    }

    /** This document with the gaps filled from {@code parent}. */
    public PolicyDocument inheritFrom(PolicyDocument parent) {
        return new PolicyDocument(
                enforcement != null ? enforcement : parent.enforcement,
                methods != null ? methods : parent.methods,
                rememberDevice != null ? rememberDevice : parent.rememberDevice,
                trustedNetworks != null ? trustedNetworks : parent.trustedNetworks,
                enrollmentGrace != null ? enrollmentGrace : parent.enrollmentGrace,
                maxAttempts != null ? maxAttempts : parent.maxAttempts,
                codeTtl != null ? codeTtl : parent.codeTtl,
                recoveryCodes != null ? recoveryCodes : parent.recoveryCodes);
    }

    /** The fields this document sets, by name, as they would be written back to JSON. */
    public Map<String, Object> writtenFields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        putIfSet(fields, FIELD_ENFORCEMENT, enforcement == null ? null : enforcement.id());
        putIfSet(fields, FIELD_METHODS, methods == null ? null : methods.stream().map(MfaMethod::id).toList());
        putIfSet(fields, FIELD_REMEMBER_DEVICE, rememberDevice == null ? null : rememberDevice.toString());
        putIfSet(fields, FIELD_TRUSTED_NETWORKS, trustedNetworks == null ? null : trustedNetworks.ranges());
        putIfSet(fields, FIELD_ENROLLMENT_GRACE, enrollmentGrace == null ? null : PolicyDurations.format(enrollmentGrace));
        putIfSet(fields, FIELD_MAX_ATTEMPTS, maxAttempts);
        putIfSet(fields, FIELD_CODE_TTL, codeTtl == null ? null : PolicyDurations.format(codeTtl));
        putIfSet(fields, FIELD_RECOVERY_CODES, recoveryCodes == null ? null : recoveryCodes.id());
        return fields;
    }

    private static void putIfSet(Map<String, Object> fields, String name, Object value) {
        if (value != null) {
            fields.put(name, value);
        }
    }

    private static void rejectUnknownFields(JsonNode root) throws PolicyException {
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new PolicyException(name, "unknown field (known: " + String.join(", ", FIELDS) + ")");
            }
        }
    }

    private static String text(JsonNode root, String field) throws PolicyException {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new PolicyException(field, "must be a string");
        }
        return node.asText();
    }

    private static Enforcement parseEnforcement(String value) throws PolicyException {
        if (value == null) {
            return null;
        }
        return Enforcement.fromId(value).orElseThrow(() ->
                new PolicyException(FIELD_ENFORCEMENT, "must be one of required, optional, off"));
    }

    private static List<MfaMethod> parseMethods(JsonNode node) throws PolicyException {
        List<String> names = stringList(FIELD_METHODS, node, "[\"totp\"]");
        if (names == null) {
            return null;
        }
        List<MfaMethod> methods = new ArrayList<>();
        for (String name : names) {
            MfaMethod method = MfaMethods.byId(name).orElseThrow(() -> new PolicyException(FIELD_METHODS,
                    "unknown method '" + name + "' (known: " + MfaMethods.ids() + ")"));
            if (method.backupOnly()) {
                throw new PolicyException(FIELD_METHODS, "'" + name + "' backs the other methods up and is not "
                        + "listed here: set \"" + FIELD_RECOVERY_CODES + "\" to \"offer\" or \"require\" instead");
            }
            if (!methods.contains(method)) {
                methods.add(method);
            }
        }
        if (methods.isEmpty()) {
            throw new PolicyException(FIELD_METHODS, "must name at least one method (use enforcement off for none)");
        }
        return List.copyOf(methods);
    }

    private static RecoveryCodes parseRecoveryCodes(String value) throws PolicyException {
        if (value == null) {
            return null;
        }
        return RecoveryCodes.fromId(value).orElseThrow(() ->
                new PolicyException(FIELD_RECOVERY_CODES, "must be one of off, offer, require"));
    }

    private static TrustedNetworks parseTrustedNetworks(JsonNode node) throws PolicyException {
        List<String> ranges = stringList(FIELD_TRUSTED_NETWORKS, node, "[\"10.0.0.0/8\", \"2001:db8::/32\"]");
        return ranges == null ? null : TrustedNetworks.parse(FIELD_TRUSTED_NETWORKS, ranges);
    }

    private static List<String> stringList(String field, JsonNode node, String example) throws PolicyException {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw new PolicyException(field, "must be a list such as " + example);
        }
        List<String> items = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                throw new PolicyException(field, "must be a list of strings such as " + example);
            }
            items.add(item.asText());
        }
        return items;
    }

    private static Integer parseMaxAttempts(JsonNode node) throws PolicyException {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()
                || node.asInt() < 1 || node.asInt() > MAX_ATTEMPTS_LIMIT) {
            throw new PolicyException(FIELD_MAX_ATTEMPTS, "must be a whole number from 1 to " + MAX_ATTEMPTS_LIMIT);
        }
        return node.asInt();
    }
}
