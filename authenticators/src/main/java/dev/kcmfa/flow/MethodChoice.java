package dev.kcmfa.flow;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.kcmfa.core.HeldFactorFirst;
import dev.kcmfa.core.MfaMethod;
import dev.kcmfa.core.MfaMethods;
import dev.kcmfa.core.MfaStep;
import dev.kcmfa.core.SecondFactors;
import dev.kcmfa.policy.MethodFallback;
import dev.kcmfa.policy.MfaPolicy;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticatorUtil;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.storage.ReadOnlyException;

/**
 * The methods a login offers its user, in the order shown ("Try another way"), and the one it runs now. Offered:
 * the policy's allowed methods the user can pass now (on a token request, those that work without a browser), the
 * user's preferred one first, then the policy's order; passing over those this login found unavailable. Preferred is
 * the default the user set ({@link DefaultMethodAttribute}, which no login changes), else the method that last
 * passed; one the user cannot pass now or the policy does not allow is ignored. A user who can pass none is offered
 * the methods the login can enroll; a user who holds another factor this login has not passed is offered only that
 * one ({@link HeldFactorFirst}). The user's pick lives in the authentication session and counts only while it is
 * offered: a forged one is never run.
 */
final class MethodChoice {

    static final String NOTE_CHOSEN = "mfa.method.chosen";
    /** The method that last passed for the user: offered first when the user set no default of their own. */
    static final String ATTRIBUTE_LAST_PASSED = "mfa.last-method";
    /** Where releases before the user's own default kept the method that last passed; read until a login passes. */
    static final String ATTRIBUTE_LAST_PASSED_BEFORE = "mfa.preferred-method";
    /** Where a preferred method is looked for, the user's own default first. */
    private static final List<String> PREFERENCES = List.of(DefaultMethodAttribute.NAME, ATTRIBUTE_LAST_PASSED,
            ATTRIBUTE_LAST_PASSED_BEFORE);
    private static final Logger LOG = Logger.getLogger(MethodChoice.class);

    private final AuthenticationSessionModel authSession;
    private final List<MfaMethod> offered;

    private MethodChoice(AuthenticationSessionModel authSession, List<MfaMethod> offered) {
        this.authSession = authSession;
        this.offered = offered;
    }

    /** What this login offers; empty when the policy allows no method at all (the login must then be refused). */
    static Optional<MethodChoice> of(AuthenticationFlowContext context, MfaPolicy policy) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        UserModel user = context.getUser();
        boolean tokenRequest = MfaStep.isTokenRequest(context);
        boolean passed = SecondFactors.passedInLogin(authSession);
        Set<MfaMethod> signedInWith = passed ? Set.of() : signedInWith(authSession);
        Set<MfaMethod> unavailable = new HashSet<>(MethodFallback.unavailable(authSession));
        unavailable.addAll(signedInWith);
        List<MfaMethod> usable = policy.methods().stream().filter(m -> !unavailable.contains(m))
                .filter(m -> !tokenRequest || m.worksWithoutBrowser()).filter(m -> m.usableBy(user)).toList();
        // a user who holds only a backup (recovery codes) goes on as one who holds nothing the policy allows: the
        // policy's method is enrolled, after the backup if the user holds nothing else (HeldFactorFirst)
        if (usable.stream().anyMatch(m -> !m.backupOnly())) {
            List<MfaMethod> offered = preferredFirst(usable, user);
            HeldFactorFirst.route(authSession, user, offered.get(0), passed);
            return Optional.of(new MethodChoice(authSession, offered));
        }
        Set<MfaMethod> passedOver = new HashSet<>(unavailable);
        if (tokenRequest) {
            MfaMethods.all().stream().filter(m -> !m.worksWithoutBrowser()).forEach(passedOver::add);
        }
        Optional<MfaMethod> policysFirst = policy.methodFor(user, passedOver).filter(m -> !signedInWith.contains(m))
                .or(() -> policy.methods().stream().filter(MfaMethod::enrollableInLogin)
                        .filter(m -> !passedOver.contains(m)).findFirst());
        return policysFirst.map(first -> {
            MfaMethod routed = HeldFactorFirst.route(authSession, user, first, passed);
            List<MfaMethod> enrollable = policy.methods().stream().filter(MfaMethod::enrollableInLogin)
                    .filter(m -> !unavailable.contains(m)).toList();
            return new MethodChoice(authSession, !routed.equals(first) || tokenRequest || !enrollable.contains(first)
                    ? List.of(routed) : enrollable);
        });
    }

    /**
     * The methods whose credential this login signed in with before any second factor (a passkey on the username
     * page that did not count as two factors): the same credential is not the second factor too.
     */
    private static Set<MfaMethod> signedInWith(AuthenticationSessionModel authSession) {
        List<String> credentials = AuthenticatorUtil.getAuthnCredentials(authSession);
        return MfaMethods.all().stream().filter(m -> m.credentialType().filter(credentials::contains).isPresent())
                .collect(Collectors.toSet());
    }

    /** The usable methods, the first preferred one among them moved to the front. */
    private static List<MfaMethod> preferredFirst(List<MfaMethod> usable, UserModel user) {
        List<MfaMethod> ordered = new ArrayList<>(usable);
        PREFERENCES.stream().map(user::getFirstAttribute).map(MfaMethods::byId).flatMap(Optional::stream)
                .filter(m -> !m.backupOnly()).filter(ordered::remove).findFirst()
                .ifPresent(preferred -> ordered.add(0, preferred));
        return List.copyOf(ordered);
    }

    /** The methods offered, in the order shown. */
    List<MfaMethod> offered() {
        return offered;
    }

    /** The method this login runs now: the user's pick while it is offered, else the first offered. */
    MfaMethod current() {
        String chosen = authSession.getAuthNote(NOTE_CHOSEN);
        return offered.stream().filter(m -> m.id().equals(chosen)).findFirst().orElse(offered.get(0));
    }

    /** The offered method of this id, if it is offered. */
    Optional<MfaMethod> offeredById(String id) {
        return offered.stream().filter(m -> m.id().equals(id)).findFirst();
    }

    /** Makes {@code method} (one of {@link #offered()}) the one this login runs. */
    void choose(MfaMethod method) {
        authSession.setAuthNote(NOTE_CHOSEN, method.id());
    }

    /** Whether the user must set the offered methods up rather than pass one they hold. */
    boolean enrolls(UserModel user) {
        return !current().usableBy(user);
    }

    /**
     * Records the method that passed as the last one (written only when it changes; the user's own default stays as
     * the user set it; a backup, never offered first, is not recorded). A user of a read-only directory (LDAP,
     * Kerberos) keeps the policy's order: the directory takes no attribute.
     */
    static void recordPassed(UserModel user, MfaMethod method) {
        boolean before = user.getFirstAttribute(ATTRIBUTE_LAST_PASSED_BEFORE) != null;
        if (method.backupOnly() || method.id().equals(user.getFirstAttribute(ATTRIBUTE_LAST_PASSED)) && !before) {
            return;
        }
        try {
            user.setSingleAttribute(ATTRIBUTE_LAST_PASSED, method.id());
            if (before) {
                user.removeAttribute(ATTRIBUTE_LAST_PASSED_BEFORE);
            }
        } catch (ReadOnlyException e) {
            LOG.debugf("User %s is read-only: the method that passed is not kept", user.getId());
        }
    }
}
