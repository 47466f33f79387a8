package dev.kcmfa.core;

import java.util.Optional;
import java.util.stream.Stream;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Routes a login through a factor the user already holds when the method the policy picks still has to be enrolled
 * (after a policy change: the user holds an app, the policy now wants push). The login asks for the held factor
 * first, then enrolls the policy's method as a required action of this login, so neither the password alone enrolls
 * a factor ({@link FactorRegistration}) nor does the policy change lock the user out.
 */
public final class HeldFactorFirst {

    /** The method this login enrolls once the held factor has passed. */
    static final String NOTE_ENROLL_AFTER = "kc-mfa.enroll-after";

    private HeldFactorFirst() {
    }

    /**
     * The method whose step this login runs instead of {@code chosen}: a held factor the login has not passed yet,
     * when {@code chosen} needs enrolling; then the login remembers to enroll {@code chosen} afterwards. Otherwise
     * {@code chosen} itself. Held factors are tried in rank order, so recovery codes only when the user holds nothing
     * else. A user who holds only factors no registered method checks gets
     * {@code chosen}, whose step refuses the enrollment. A login that has passed a factor already
     * ({@code factorPassed}) enrolls {@code chosen} directly.
     */
    public static MfaMethod route(AuthenticationSessionModel authSession, UserModel user, MfaMethod chosen,
            boolean factorPassed) {
        Optional<MfaMethod> held = needsEnrolling(chosen, user) && !factorPassed
                ? checkable().filter(m -> !m.equals(chosen) && m.usableBy(user)).findFirst()
                : Optional.empty();
        if (held.isPresent()) {
            authSession.setAuthNote(NOTE_ENROLL_AFTER, chosen.id());
        } else {
            authSession.removeAuthNote(NOTE_ENROLL_AFTER);
        }
        return held.orElse(chosen);
    }

    /**
     * Makes this login go on to enroll {@code method} once the factor it runs has passed, as a routed login does (a
     * recovery code was used: the device it stood in for is to be replaced).
     */
    public static void enrollAfterwards(AuthenticationSessionModel authSession, MfaMethod method) {
        authSession.setAuthNote(NOTE_ENROLL_AFTER, method.id());
    }

    /** Whether this login runs a held factor and goes on to enroll the policy's method once it has passed. */
    public static boolean owesEnrollment(AuthenticationSessionModel authSession) {
        return authSession.getAuthNote(NOTE_ENROLL_AFTER) != null;
    }

    /**
     * Called once a factor has passed: adds the enrollment this login owes as a required action of the login
     * ({@link LoginEnrollment}). A realm that has not enabled the action gets a page saying so, and the login keeps
     * owing the enrollment (a replayed form post meets the same page). Returns whether it went on.
     */
    static boolean enrollAfterPassing(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        Optional<MfaMethod> owed = Optional.ofNullable(authSession.getAuthNote(NOTE_ENROLL_AFTER))
                .flatMap(MfaMethods::byId).filter(m -> m.enrollmentAction().isPresent());
        if (owed.isPresent() && !LoginEnrollment.add(context, owed.get())) {
            return false;
        }
        authSession.removeAuthNote(NOTE_ENROLL_AFTER);
        return true;
    }

    /** The held factors a step of the bundle checks: those enrolled as Keycloak credentials (a phone, a key...). */
    private static Stream<MfaMethod> checkable() {
        return MfaMethods.all().stream().filter(m -> m.credentialType().isPresent());
    }

    private static boolean needsEnrolling(MfaMethod method, UserModel user) {
        return method.enrollmentAction().isPresent() && !method.usableBy(user);
    }
}
