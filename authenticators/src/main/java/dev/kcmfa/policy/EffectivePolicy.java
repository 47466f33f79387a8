package dev.kcmfa.policy;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.kcmfa.core.MfaMethod;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * The policy in force for one user, each field with its value and the scope it comes from (its "why"), as the admin
 * API answers it and the console's effective-policy page shows it. An unreadable policy gives the fail-closed
 * policy and the error.
 */
record EffectivePolicy(MfaPolicy policy, PolicyException error) {

    static EffectivePolicy of(RealmModel realm, UserModel user) {
        try {
            return new EffectivePolicy(new PolicyResolver(realm).resolveOrThrow(user), null);
        } catch (PolicyException e) {
            return new EffectivePolicy(MfaPolicy.FAIL_CLOSED, e);
        }
    }

    /** Each field's value, as the policy JSON writes it, by field name in the documents' order. */
    Map<String, Object> values() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put(PolicyDocument.FIELD_ENFORCEMENT, policy.enforcement().id());
        // as admins write them: recovery codes are allowed by their own field
        values.put(PolicyDocument.FIELD_METHODS, policy.methods().stream().filter(m -> !m.backupOnly())
                .map(MfaMethod::id).toList());
        values.put(PolicyDocument.FIELD_REMEMBER_DEVICE, policy.rememberDevice().toString());
        values.put(PolicyDocument.FIELD_TRUSTED_NETWORKS, policy.trustedNetworks().ranges());
        values.put(PolicyDocument.FIELD_ENROLLMENT_GRACE, PolicyDurations.format(policy.enrollmentGrace()));
        values.put(PolicyDocument.FIELD_MAX_ATTEMPTS, policy.maxAttempts());
        values.put(PolicyDocument.FIELD_CODE_TTL, PolicyDurations.format(policy.codeTtl()));
        values.put(PolicyDocument.FIELD_RECOVERY_CODES, policy.recoveryCodes().id());
        return values;
    }

    /** The scope a field's value comes from: {@code group:/mobile}, {@code default}, the built-in default... */
    String source(String field) {
        return policy.source(field);
    }
}
