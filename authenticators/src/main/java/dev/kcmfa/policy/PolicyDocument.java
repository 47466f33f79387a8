package dev.kcmfa.policy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcmfa.core.MfaMethod;
import org.keycloak.util.JsonSerialization;

/**
 * One scope's policy as an admin wrote it: every field may be absent, in which case it is inherited from the
 * parent scope (the parent group, then the realm default).
 */
public record PolicyDocument(Enforcement enforcement, List<MfaMethod> methods, Integer maxAttempts) {

    static final String FIELD_ENFORCEMENT = "enforcement";
    static final String FIELD_METHODS = "methods";
    static final String FIELD_MAX_ATTEMPTS = "maxAttempts";

    private static final Set<String> KNOWN_FIELDS = Set.of(FIELD_ENFORCEMENT, FIELD_METHODS, FIELD_MAX_ATTEMPTS,
            // fields of the full policy model that this version stores but does not act on yet
            "rememberDevice", "trustedNetworks", "enrollmentGrace", "codeTtl");

    static final int MAX_ATTEMPTS_LIMIT = 20;

    public static final PolicyDocument EMPTY = new PolicyDocument(null, null, null);

    public static PolicyDocument parse(String json) throws PolicyException {
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
        return new PolicyDocument(parseEnforcement(root.get(FIELD_ENFORCEMENT)),
                parseMethods(root.get(FIELD_METHODS)), parseMaxAttempts(root.get(FIELD_MAX_ATTEMPTS)));
    }

    /** This document with the gaps filled from {@code parent}. */
    public PolicyDocument inheritFrom(PolicyDocument parent) {
        return new PolicyDocument(
                enforcement != null ? enforcement : parent.enforcement,
                methods != null ? methods : parent.methods,
                maxAttempts != null ? maxAttempts : parent.maxAttempts);
    }

    private static void rejectUnknownFields(JsonNode root) throws PolicyException {
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KNOWN_FIELDS.contains(name)) {
                throw new PolicyException(name, "unknown field");
            }
        }
    }

    private static Enforcement parseEnforcement(JsonNode node) throws PolicyException {
        if (node == null || node.isNull()) {
            return null;
        }
        return Enforcement.fromId(node.asText()).orElseThrow(() ->
                new PolicyException(FIELD_ENFORCEMENT, "must be one of required, optional, off"));
    }

    private static List<MfaMethod> parseMethods(JsonNode node) throws PolicyException {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw new PolicyException(FIELD_METHODS, "must be a list such as [\"totp\"]");
        }
        List<MfaMethod> methods = new ArrayList<>();
        for (JsonNode item : node) {
            MfaMethod method = MfaMethod.fromId(item.asText()).orElseThrow(() ->
                    new PolicyException(FIELD_METHODS, "unknown method '" + item.asText()
                            + "' (known: push, totp, email, duo)"));
            if (!methods.contains(method)) {
                methods.add(method);
            }
        }
        return List.copyOf(methods);
    }

    private static Integer parseMaxAttempts(JsonNode node) throws PolicyException {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber()
                || node.asInt() < 1 || node.asInt() > MAX_ATTEMPTS_LIMIT) {
            throw new PolicyException(FIELD_MAX_ATTEMPTS, "must be a whole number from 1 to " + MAX_ATTEMPTS_LIMIT);
        }
        return node.asInt();
    }
}
