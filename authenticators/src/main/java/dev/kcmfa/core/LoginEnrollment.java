package dev.kcmfa.core;

import java.util.Optional;

import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionProviderModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * A method set up by its required action as part of this login: Keycloak runs a login's required actions after its
 * flow and before it issues a session or a token, so the login ends only once the factor is registered. Used for the
 * methods whose setup is Keycloak's own page (a security key, a passkey) and for the method a login owes after a held
 * factor ({@link HeldFactorFirst}). Keycloak silently skips a required action the realm has not registered or
 * enabled, which would let the login through without the factor: then the login ends on a page saying so.
 */
public final class LoginEnrollment {

    /** Set once this login goes on to set a factor up: it may not remember the browser before the factor exists. */
    static final String NOTE_ENROLLS = "kc-mfa.enrolls";
    static final String MSG_ENROLLMENT_UNAVAILABLE = "mfaEnrollmentActionUnavailable";
    private static final Logger LOG = Logger.getLogger(LoginEnrollment.class);

    private LoginEnrollment() {
    }

    /**
     * Adds {@code method}'s enrollment action to this login. Returns whether it did; when the realm has not enabled
     * the action, the login has been answered with a page (or, for a token request, OAuth JSON) saying so.
     */
    public static boolean add(AuthenticationFlowContext context, MfaMethod method) {
        String action = method.enrollmentAction().orElseThrow();
        if (!enabled(context.getRealm(), action)) {
            LOG.warnf("Realm '%s': required action '%s' is not registered or not enabled; a login that must enroll "
                    + "%s was refused", context.getRealm().getName(), action, method.id());
            context.getEvent().user(context.getUser())
                    .detail(MfaEvents.DETAIL_CONFIG_ERROR, "required action " + action + " not enabled")
                    .error(MfaEvents.ERROR_MISCONFIGURED);
            // a challenge, not a failure: Keycloak would count a failure against the user's brute-force record
            context.challenge(MfaStep.isTokenRequest(context)
                    ? MfaStep.tokenError("Setting up " + method.id() + " is not enabled on this server")
                    : context.form().setError(MSG_ENROLLMENT_UNAVAILABLE).createErrorPage(Response.Status.FORBIDDEN));
            return false;
        }
        context.getAuthenticationSession().addRequiredAction(action);
        context.getAuthenticationSession().setAuthNote(NOTE_ENROLLS, method.id());
        return true;
    }

    /**
     * Names, on the events of the required action ({@code action}, its alias) that sets the factor up and of the login
     * it ends, the method this login enrolls (the flow's own event is written by an earlier request); other actions
     * of the same login are not that enrollment.
     */
    public static void describe(EventBuilder event, AuthenticationSessionModel authSession, String action) {
        Optional.ofNullable(authSession.getAuthNote(NOTE_ENROLLS)).flatMap(MfaMethods::byId)
                .filter(method -> method.enrollmentAction().filter(action::equals).isPresent())
                .ifPresent(method -> MfaEvents.withMethod(event, method).detail(MfaEvents.DETAIL_ENROLLED, "true"));
    }

    /** Whether this login goes on to set a factor up with its required action. */
    public static boolean pending(AuthenticationSessionModel authSession) {
        return authSession.getAuthNote(NOTE_ENROLLS) != null;
    }

    /** Whether the realm runs the required action of this alias (Keycloak skips one it does not, silently). */
    public static boolean enabled(RealmModel realm, String alias) {
        RequiredActionProviderModel model = realm.getRequiredActionProviderByAlias(alias);
        return model != null && model.isEnabled();
    }
}
