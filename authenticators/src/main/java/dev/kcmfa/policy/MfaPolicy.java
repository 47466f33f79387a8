package dev.kcmfa.policy;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import dev.kcmfa.core.MfaMethod;
import dev.kcmfa.core.MfaMethods;
import org.keycloak.models.UserModel;

/**
 * The policy in force for one user: every field decided, with the scope each field came from
 * ({@code built-in}, {@code default}, {@code group:/staff}, {@code user:<id>}, ...), so admins can see why.
 *
 * @param methods allowed methods in preference order, never empty; the backups ({@link MfaMethod#backupOnly()},
 *        recovery codes) last, exactly when {@code recoveryCodes} allows them
 */
public record MfaPolicy(Enforcement enforcement, List<MfaMethod> methods, RememberDevice rememberDevice,
                        TrustedNetworks trustedNetworks, Duration enrollmentGrace, int maxAttempts, Duration codeTtl,
                        RecoveryCodes recoveryCodes, Map<String, String> sources) {

    /** Recovery codes are allowed by their own field alone: they join the allowed methods last, or leave them. */
    public MfaPolicy {
        Stream<MfaMethod> backups = recoveryCodes.allowed()
                ? MfaMethods.all().stream().filter(MfaMethod::backupOnly) : Stream.empty();
        methods = Stream.concat(methods.stream().filter(m -> !m.backupOnly()), backups).toList();
    }

    static final String BUILT_IN = "built-in";
    /** The methods this version has a login step for. */
    static final List<MfaMethod> IMPLEMENTED = MfaMethods.all();
    static final String UNREADABLE = "unreadable policy";

    /** The methods allowed where no policy names any. */
    private static final List<MfaMethod> DEFAULT_METHODS = MfaMethods.all().stream()
            .filter(MfaMethod::inBuiltInDefault).toList();

    /** What applies where an admin has written nothing: MFA for those who enrolled, the default methods, 3 tries. */
    public static final MfaPolicy BUILT_IN_DEFAULT = new MfaPolicy(Enforcement.OPTIONAL, DEFAULT_METHODS,
            RememberDevice.NEVER, TrustedNetworks.NONE, Duration.ZERO, 3, Duration.ofMinutes(5), RecoveryCodes.OFF,
            allFrom(BUILT_IN));

    /** What applies where a stored policy cannot be read: fail closed. */
    public static final MfaPolicy FAIL_CLOSED = new MfaPolicy(Enforcement.REQUIRED, DEFAULT_METHODS,
            RememberDevice.NEVER, TrustedNetworks.NONE, Duration.ZERO, 3, Duration.ofMinutes(5), RecoveryCodes.OFF,
            allFrom(UNREADABLE));

    public boolean allows(MfaMethod method) {
        return methods.contains(method);
    }

    /** Whether a login of this user needs a second factor: required, or optional and the user has enrolled one. */
    public boolean requiresMfaOf(UserModel user) {
        return switch (enforcement) {
            case REQUIRED -> true;
            case OPTIONAL -> hasEnrolledMethod(user);
            case OFF -> false;
        };
    }

    /**
     * Whether the policy spares this user MFA from this client address: a trusted network counts only for users who
     * already have an allowed method, so a stolen password used inside it cannot enroll a factor of its own.
     */
    public boolean trustsNetworkOf(String clientAddress, UserModel user) {
        return trustedNetworks.trusts(clientAddress) && hasEnrolledMethod(user);
    }

    /** True when the user holds the credential of an allowed method that is enrolled in Keycloak. */
    public boolean hasEnrolledMethod(UserModel user) {
        return methods.stream()
                .map(MfaMethod::credentialType)
                .flatMap(Optional::stream)
                .anyMatch(type -> user.credentialManager().isConfiguredFor(type));
    }

    /**
     * The method this user's login should use: the first allowed method, in the policy's order, that the user can
     * use now (an enrolled credential, or email with a verified address); otherwise the first allowed method the
     * login can enroll (push or TOTP, in the policy's order); otherwise the first allowed method this version implements, whose step then
     * explains why the user cannot pass it. Empty when the policy allows no implemented method: the flow must
     * then refuse the login (see docs/flows.md), never let the password alone through.
     */
    public Optional<MfaMethod> methodFor(UserModel user) {
        List<MfaMethod> implemented = methods.stream().filter(IMPLEMENTED::contains).toList();
        // a backup the user holds comes after an enrollment: the login then runs it first (HeldFactorFirst)
        return implemented.stream().filter(m -> !m.backupOnly()).filter(m -> m.usableBy(user)).findFirst()
                .or(() -> implemented.stream().filter(MfaMethod::enrollableInLogin).findFirst())
                .or(() -> implemented.stream().filter(m -> m.usableBy(user)).findFirst())
                .or(() -> implemented.stream().findFirst());
    }

    /**
     * As {@link #methodFor(UserModel)}, passing over the methods this login found unavailable (a push that could not
     * be delivered) when the user can pass another allowed method. Never an enrollment: a factor that fails must not
     * let a password alone set up a new one.
     */
    public Optional<MfaMethod> methodFor(UserModel user, Set<MfaMethod> unavailable) {
        return unavailable.isEmpty() ? methodFor(user) : fallbackFor(user, unavailable).or(() -> methodFor(user));
    }

    /** The first allowed method, other than {@code unavailable}, that the user can pass now. */
    public Optional<MfaMethod> fallbackFor(UserModel user, Set<MfaMethod> unavailable) {
        return methods.stream().filter(IMPLEMENTED::contains).filter(m -> !unavailable.contains(m))
                .filter(m -> m.usableBy(user)).findFirst();
    }

    /** The built-in default overlaid by each scope in turn, from the realm default down to the most specific. */
    static MfaPolicy inherit(List<ScopedDocument> chain) {
        MfaPolicy policy = BUILT_IN_DEFAULT;
        for (ScopedDocument layer : chain) {
            policy = policy.overlay(layer.scope(), layer.document());
        }
        return policy;
    }

    private MfaPolicy overlay(String scope, PolicyDocument doc) {
        Map<String, String> from = new LinkedHashMap<>(sources);
        doc.writtenFields().keySet().forEach(field -> from.put(field, scope));
        PolicyDocument merged = doc.inheritFrom(new PolicyDocument(enforcement, methods, rememberDevice,
                trustedNetworks, enrollmentGrace, maxAttempts, codeTtl, recoveryCodes));
        return new MfaPolicy(merged.enforcement(), merged.methods(), merged.rememberDevice(),
                merged.trustedNetworks(), merged.enrollmentGrace(), merged.maxAttempts(), merged.codeTtl(),
                merged.recoveryCodes(), Map.copyOf(from));
    }

    /** The strictest combination of two policies that apply to the same user. */
    MfaPolicy strictest(MfaPolicy other) {
        Map<String, String> from = new LinkedHashMap<>();
        Enforcement enforcement = pick(from, PolicyDocument.FIELD_ENFORCEMENT, other,
                this.enforcement.compareTo(other.enforcement) >= 0, this.enforcement, other.enforcement);
        List<MfaMethod> common = methods.stream().filter(m -> !m.backupOnly()).filter(other.methods::contains).toList();
        // Disjoint method lists are a conflict: keep the first list rather than widen or empty it.
        List<MfaMethod> methods = common.isEmpty() ? this.methods : common;
        from.put(PolicyDocument.FIELD_METHODS, common.isEmpty() ? source(PolicyDocument.FIELD_METHODS)
                : joined(PolicyDocument.FIELD_METHODS, other));
        RememberDevice remember = pick(from, PolicyDocument.FIELD_REMEMBER_DEVICE, other,
                rememberDevice.compareTo(other.rememberDevice) <= 0, rememberDevice, other.rememberDevice);
        from.put(PolicyDocument.FIELD_TRUSTED_NETWORKS, joined(PolicyDocument.FIELD_TRUSTED_NETWORKS, other));
        Duration grace = pick(from, PolicyDocument.FIELD_ENROLLMENT_GRACE, other,
                enrollmentGrace.compareTo(other.enrollmentGrace) <= 0, enrollmentGrace, other.enrollmentGrace);
        int attempts = pick(from, PolicyDocument.FIELD_MAX_ATTEMPTS, other,
                maxAttempts <= other.maxAttempts, maxAttempts, other.maxAttempts);
        Duration ttl = pick(from, PolicyDocument.FIELD_CODE_TTL, other,
                codeTtl.compareTo(other.codeTtl) <= 0, codeTtl, other.codeTtl);
        RecoveryCodes codes = recoveryCodes.strictest(other.recoveryCodes);
        from.put(PolicyDocument.FIELD_RECOVERY_CODES, codes == recoveryCodes && codes == other.recoveryCodes
                ? joined(PolicyDocument.FIELD_RECOVERY_CODES, other)
                : codes == recoveryCodes ? source(PolicyDocument.FIELD_RECOVERY_CODES)
                : other.source(PolicyDocument.FIELD_RECOVERY_CODES));
        return new MfaPolicy(enforcement, methods, remember, trustedNetworks.andAlso(other.trustedNetworks), grace,
                attempts, ttl, codes, Map.copyOf(from));
    }

    private <T> T pick(Map<String, String> from, String field, MfaPolicy other, boolean mine, T myValue, T otherValue) {
        from.put(field, mine ? source(field) : other.source(field));
        return mine ? myValue : otherValue;
    }

    private String joined(String field, MfaPolicy other) {
        String mine = source(field);
        String theirs = other.source(field);
        return mine.equals(theirs) ? mine : mine + " + " + theirs;
    }

    public String source(String field) {
        return sources.getOrDefault(field, BUILT_IN);
    }

    private static Map<String, String> allFrom(String scope) {
        Map<String, String> sources = new LinkedHashMap<>();
        Arrays.asList(PolicyDocument.FIELDS.toArray(String[]::new)).forEach(f -> sources.put(f, scope));
        return Map.copyOf(sources);
    }
}
