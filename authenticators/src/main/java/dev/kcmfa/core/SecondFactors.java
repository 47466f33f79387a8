package dev.kcmfa.core;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.models.credential.RecoveryAuthnCodesCredentialModel;
import org.keycloak.models.credential.WebAuthnCredentialModel;
import org.keycloak.services.managers.AuthenticationSessionManager;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Which second factors a user holds, and whether a login or a session has passed one. A session that skipped MFA
 * (trusted network, remembered device, enrollment grace, optional policy) has not: it may not add or replace a
 * factor without first passing one the user already holds.
 */
public final class SecondFactors {

    /** Set on the login, and copied by Keycloak into the user session, once a second factor has been passed. */
    static final String NOTE_PASSED = "kc-mfa.factor-passed";

    /** Credential types that are a second factor: the bundle's and Keycloak's own. */
    private static final Set<String> CREDENTIAL_TYPES = Stream.concat(
            MfaMethods.all().stream().map(m -> m.credentialType().orElse(null)).filter(Objects::nonNull),
            Stream.of(OTPCredentialModel.TYPE, WebAuthnCredentialModel.TYPE_TWOFACTOR,
                    WebAuthnCredentialModel.TYPE_PASSWORDLESS, RecoveryAuthnCodesCredentialModel.TYPE))
            .collect(Collectors.toUnmodifiableSet());

    private SecondFactors() {
    }

    /** Whether the user holds a second-factor credential (an app, a phone, a security key, recovery codes). */
    public static boolean heldBy(UserModel user) {
        return user.credentialManager().getStoredCredentialsStream()
                .anyMatch(c -> CREDENTIAL_TYPES.contains(c.getType()));
    }

    /** Whether credentials of this type are a second factor. */
    public static boolean isSecondFactor(String credentialType) {
        return credentialType != null && CREDENTIAL_TYPES.contains(credentialType);
    }

    /**
     * Ends a step that verified (or enrolled) a second factor: the login and its session count as having passed, and
     * the login goes on to enroll the policy's method when it was routed through a held factor
     * ({@link HeldFactorFirst}).
     */
    public static void passed(AuthenticationFlowContext context, MfaMethod method, String credentialType) {
        if (!HeldFactorFirst.enrollAfterPassing(context)) {
            return;
        }
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        authSession.setAuthNote(NOTE_PASSED, method.id());
        authSession.setUserSessionNote(NOTE_PASSED, method.id());
        context.success(credentialType);
    }

    /** The method this login (authentication session) passed, if it has passed one. */
    public static Optional<MfaMethod> passedMethod(AuthenticationSessionModel authSession) {
        return Optional.ofNullable(authSession.getAuthNote(NOTE_PASSED)).flatMap(MfaMethods::byId);
    }

    /** Whether this login (authentication session) has passed a second factor. */
    public static boolean passedInLogin(AuthenticationSessionModel authSession) {
        return authSession.getAuthNote(NOTE_PASSED) != null;
    }

    /**
     * Whether this login, or the single-sign-on session it continues (an application-initiated action after a
     * cookie login), has passed a second factor.
     */
    public static boolean passedInSession(KeycloakSession session, AuthenticationSessionModel authSession) {
        if (passedInLogin(authSession)) {
            return true;
        }
        UserSessionModel userSession = new AuthenticationSessionManager(session).getUserSession(authSession);
        return userSession != null && userSession.getNote(NOTE_PASSED) != null;
    }
}
