package dev.kcmfa.core;

import java.util.Set;
import java.util.function.Consumer;

import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.models.credential.RecoveryAuthnCodesCredentialModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.services.managers.BruteForceProtector;
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

    private final KeycloakSession session;
    private final AuthenticationSessionModel authSession;
    private final UserModel user;
    private final MfaMethod method;
    private final int maxAttempts;
    private final Consumer<FormMessage> restart;

    public AttemptLimiter(AuthenticationFlowContext context, MfaMethod method, int maxAttempts) {
        this(context.getSession(), context.getAuthenticationSession(), context.getUser(), method, maxAttempts,
                context::forkWithErrorMessage);
    }

    /** For a required action (setting up a factor): too many wrong answers cancel the action with the message. */
    public AttemptLimiter(RequiredActionContext context, MfaMethod method, int maxAttempts) {
        this(context.getSession(), context.getAuthenticationSession(), context.getUser(), method, maxAttempts,
                message -> context.challenge(context.form().setError(message.getMessage())
                        .createErrorPage(Response.Status.TOO_MANY_REQUESTS)));
    }

    private AttemptLimiter(KeycloakSession session, AuthenticationSessionModel authSession, UserModel user,
            MfaMethod method, int maxAttempts, Consumer<FormMessage> restart) {
        this.session = session;
        this.authSession = authSession;
        this.user = user;
        this.method = method;
        this.maxAttempts = maxAttempts;
        this.restart = restart;
    }

    /**
     * Records one wrong answer, for this login and for brute-force protection.
     *
     * @return true while the user may try again; false once the limit is reached
     */
    public boolean recordFailure() {
        int failures = failures() + 1;
        authSession.setAuthNote(noteName(), Integer.toString(failures));
        RealmModel realm = authSession.getRealm();
        if (realm.isBruteForceProtected() && user != null) {
            protector().failedLogin(realm, user, session.getContext().getConnection(), session.getContext().getUri(),
                    Set.of(method.credentialType().filter(COUNTED::contains).orElse(OTPCredentialModel.TYPE)));
        }
        return failures < maxAttempts;
    }

    public int failures() {
        String note = authSession.getAuthNote(noteName());
        return note == null ? 0 : Integer.parseInt(note);
    }

    /**
     * Ends this login attempt: the browser starts a fresh login showing "Too many failed attempts" (a required action
     * shows it on a page of its own).
     */
    public void restartLogin() {
        authSession.removeAuthNote(noteName());
        restart.accept(new FormMessage(MSG_TOO_MANY_ATTEMPTS));
    }

    /** True when Keycloak's brute-force protection has locked the user: no code may be accepted then. */
    public boolean userLockedOut() {
        RealmModel realm = authSession.getRealm();
        return realm.isBruteForceProtected()
                && (protector().isTemporarilyDisabled(session, realm, user)
                || protector().isPermanentlyLockedOut(session, realm, user));
    }

    private BruteForceProtector protector() {
        return session.getProvider(BruteForceProtector.class);
    }

    private String noteName() {
        return NOTE_PREFIX + method.id();
    }
}
