package dev.kcmfa.flow;

import java.util.Optional;

import dev.kcmfa.core.MfaMethod;
import dev.kcmfa.core.SecondFactors;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.services.resources.LoginActionsService;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Where the step stands in a first login through an identity provider, which runs it twice: in the
 * first-broker-login flow, before Keycloak links the provider's account to an existing one, and in the
 * post-broker-login flow after it. The user is asked once: at the first for an account that existed before, at the
 * second for one this login created (which the provider's MFA may spare, when the step accepts it).
 */
final class BrokeredLogin {

    /** Keycloak's notes: the user-creation step made the user; the post-broker flow follows a first broker login. */
    private static final String NOTE_REGISTERED_NEW_USER = "BROKER_REGISTERED_NEW_USER";
    private static final String NOTE_AFTER_FIRST_BROKER_LOGIN = "PBL_AFTER_FIRST_BROKER_LOGIN";

    private BrokeredLogin() {
    }

    /** In the first-broker-login flow, a user this login created: it holds nothing yet, the post-broker step asks. */
    static boolean createdHere(AuthenticationFlowContext context) {
        return LoginActionsService.FIRST_BROKER_LOGIN_PATH.equals(context.getFlowPath())
                && Boolean.parseBoolean(context.getAuthenticationSession().getAuthNote(NOTE_REGISTERED_NEW_USER));
    }

    /**
     * In the post-broker-login flow, the method the first-broker-login flow of this same login passed. Keycloak
     * clears the login's notes when that flow starts, so a factor passed before it (another user's, in an abandoned
     * browser login) does not count.
     */
    static Optional<MfaMethod> passedWhenLinked(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        return LoginActionsService.POST_BROKER_LOGIN_PATH.equals(context.getFlowPath())
                && Boolean.parseBoolean(authSession.getAuthNote(NOTE_AFTER_FIRST_BROKER_LOGIN))
                ? SecondFactors.passedMethod(authSession) : Optional.empty();
    }
}
