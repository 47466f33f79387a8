package dev.kcmfa.registration;

import dev.kcmfa.core.DelegatingAction;
import dev.kcmfa.core.FactorRegistration;
import dev.kcmfa.core.LoginEnrollment;
import org.keycloak.authentication.CredentialAction;
import org.keycloak.authentication.CredentialRegistrator;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;

/**
 * One of Keycloak's required actions that change credentials, unchanged except that, when it changes a second
 * factor, a session which has not passed a factor the user holds never reaches its pages
 * ({@link FactorRegistration}): an application-initiated action makes Keycloak re-authenticate first, and any other
 * way in is refused.
 */
class GuardedAction extends DelegatingAction {

    /** {@code keycloaks} is a {@link CredentialAction}: that is how Keycloak marks the actions that change them. */
    GuardedAction(RequiredActionProvider keycloaks) {
        super(keycloaks);
    }

    /** Guards {@code keycloaks} keeping Keycloak's marking of it ("registers credentials" or not). */
    static GuardedAction of(RequiredActionProvider keycloaks) {
        return keycloaks instanceof CredentialRegistrator ? new Registration(keycloaks) : new GuardedAction(keycloaks);
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        if (!FactorRegistration.refused(context, this)) {
            super.requiredActionChallenge(context);
        }
    }

    /** Checked again on the form post: a hand-made request must not register what the page was refused for. */
    @Override
    public void processAction(RequiredActionContext context) {
        if (!FactorRegistration.refused(context, this)) {
            LoginEnrollment.describe(context.getEvent(), context.getAuthenticationSession(), context.getAction());
            super.processAction(context);
        }
    }

    @Override
    public int getMaxAuthAge(KeycloakSession session) {
        return FactorRegistration.maxAuthAge(session, this, super.getMaxAuthAge(session));
    }

    /** A guarded action that registers credentials, marked as Keycloak's is (the admin console lists those). */
    private static final class Registration extends GuardedAction implements CredentialRegistrator {

        Registration(RequiredActionProvider keycloaks) {
            super(keycloaks);
        }
    }
}
