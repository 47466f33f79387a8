package dev.kcmfa.policy;

import java.util.List;
import java.util.Optional;

import dev.kcmfa.core.MfaMethod;
import org.keycloak.models.UserModel;

/**
 * The policy in force for one user: every field decided.
 *
 * @param methods allowed methods in preference order; never empty unless enforcement is off
 */
public record MfaPolicy(Enforcement enforcement, List<MfaMethod> methods, int maxAttempts) {

    /** What applies where an admin has written nothing: MFA for those who enrolled, any method, 3 tries. */
    public static final MfaPolicy BUILT_IN_DEFAULT = new MfaPolicy(Enforcement.OPTIONAL, List.of(MfaMethod.values()), 3);

    /** What applies where a stored policy cannot be read: fail closed. */
    public static final MfaPolicy FAIL_CLOSED = new MfaPolicy(Enforcement.REQUIRED, List.of(MfaMethod.values()), 3);

    public boolean allows(MfaMethod method) {
        return methods.contains(method);
    }

    /** True when the user holds the credential of an allowed method that is enrolled in Keycloak. */
    public boolean hasEnrolledMethod(UserModel user) {
        return methods.stream()
                .map(MfaMethod::credentialType)
                .flatMap(Optional::stream)
                .anyMatch(type -> user.credentialManager().isConfiguredFor(type));
    }

    static MfaPolicy complete(PolicyDocument document) {
        PolicyDocument full = document.inheritFrom(new PolicyDocument(BUILT_IN_DEFAULT.enforcement,
                BUILT_IN_DEFAULT.methods, BUILT_IN_DEFAULT.maxAttempts));
        return new MfaPolicy(full.enforcement(), full.methods(), full.maxAttempts());
    }

    /** The strictest combination of two policies that apply to the same user. */
    MfaPolicy strictest(MfaPolicy other) {
        List<MfaMethod> common = methods.stream().filter(other.methods::contains).toList();
        return new MfaPolicy(enforcement.strictest(other.enforcement),
                // Disjoint method lists are a conflict: keep the first list rather than widen or empty it.
                common.isEmpty() ? methods : common,
                Math.min(maxAttempts, other.maxAttempts));
    }
}
