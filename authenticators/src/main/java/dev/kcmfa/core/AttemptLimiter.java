package dev.kcmfa.core;

import java.util.Set;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.models.credential.RecoveryAuthnCodesCredentialModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Limits wrong answers to one factor within one login. The count lives in an authentication-session note, so it
 * follows the login across cluster nodes. Every failure is also reported here to Keycloak's brute-force protection
 * under a category Keycloak counts whatever the step's own reference category: the method's credential type when it
 * is one (recovery codes), else {@code otp}. Authenticators answer a wrong code with a plain challenge, never a
 * failure challenge, so nothing is counted twice.
 */
public final class AttemptLimiter {

    /** Shown on the login page when a login is sent back to its start after too many wrong codes. */
    public static final String MSG_TOO_MANY_ATTEMPTS = "mfaTooManyAttempts";

    private static final String NOTE_PREFIX = "mfa.failures.";
    /** The categories Keycloak's brute-force protection counts (Keycloak 26.6 and later). */
    private static final Set<String> COUNTED = Set.of(PasswordCredentialModel.TYPE, OTPCredentialModel.TYPE,
            RecoveryAuthnCodesCredentialModel.TYPE);

    private final AuthenticationFlowContext context;
    private final MfaMethod method;
    private final int maxAttempts;

    public AttemptLimiter(AuthenticationFlowContext context, MfaMethod method, int maxAttempts) {
        this.context = context;
        this.method = method;
        this.maxAttempts = maxAttempts;
    }

    /**
     * Records one wrong answer, for this login and for brute-force protection.
     *
     * @return true while the user may try again; false once the limit is reached
     */
    public boolean recordFailure() {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        int failures = failures() + 1;
        authSession.setAuthNote(noteName(), Integer.toString(failures));
        RealmModel realm = context.getRealm();
        if (realm.isBruteForceProtected() && context.getUser() != null) {
            context.getProtector().failedLogin(realm, context.getUser(), context.getConnection(), context.getUriInfo(),
                    Set.of(method.credentialType().filter(COUNTED::contains).orElse(OTPCredentialModel.TYPE)));
        }
        return failures < maxAttempts;
    }

    public int failures() {
        String note = context.getAuthenticationSession().getAuthNote(noteName());
        return note == null ? 0 : Integer.parseInt(note);
    }

    /** Ends this login attempt: the browser starts a fresh login showing "Too many failed attempts". */
    public void restartLogin() {
        context.getAuthenticationSession().removeAuthNote(noteName());
        context.forkWithErrorMessage(new FormMessage(MSG_TOO_MANY_ATTEMPTS));
    }

    /** True when Keycloak's brute-force protection has locked the user: no code may be accepted then. */
    public boolean userLockedOut() {
        RealmModel realm = context.getRealm();
        UserModel user = context.getUser();
        return realm.isBruteForceProtected()
                && (context.getProtector().isTemporarilyDisabled(context.getSession(), realm, user)
                || context.getProtector().isPermanentlyLockedOut(context.getSession(), realm, user));
    }

    private String noteName() {
        return NOTE_PREFIX + method.id();
    }
}
