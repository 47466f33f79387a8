package dev.kcmfa.registration;

import dev.kcmfa.core.FactorRegistration;
import org.keycloak.authentication.CredentialRegistrator;
import org.keycloak.authentication.InitiatedActionSupport;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * One of Keycloak's factor-registering required actions, unchanged except that a session which has not passed a
 * factor the user holds never reaches its pages ({@link FactorRegistration}): an application-initiated action makes
 * Keycloak re-authenticate first, and any other way in is refused.
 */
final class GuardedAction implements RequiredActionProvider, CredentialRegistrator {

    private final RequiredActionProvider keycloaks;

    GuardedAction(RequiredActionProvider keycloaks) {
        this.keycloaks = keycloaks;
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        if (!FactorRegistration.refused(context)) {
            keycloaks.requiredActionChallenge(context);
        }
    }

    /** Checked again on the form post: a hand-made request must not register what the page was refused for. */
    @Override
    public void processAction(RequiredActionContext context) {
        if (!FactorRegistration.refused(context)) {
            keycloaks.processAction(context);
        }
    }

    @Override
    public int getMaxAuthAge(KeycloakSession session) {
        return FactorRegistration.maxAuthAge(session, keycloaks.getMaxAuthAge(session));
    }

    @Override
    public String getCredentialType(KeycloakSession session, AuthenticationSessionModel authenticationSession) {
        return ((CredentialRegistrator) keycloaks).getCredentialType(session, authenticationSession);
    }

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
        keycloaks.evaluateTriggers(context);
    }

    @Override
    public InitiatedActionSupport initiatedActionSupport() {
        return keycloaks.initiatedActionSupport();
    }

    @Override
    public void initiatedActionCanceled(KeycloakSession session, AuthenticationSessionModel authSession) {
        keycloaks.initiatedActionCanceled(session, authSession);
    }

    @Override
    public void close() {
        keycloaks.close();
    }
}
