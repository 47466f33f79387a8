package dev.kcmfa.core;

import org.keycloak.authentication.CredentialAction;
import org.keycloak.authentication.InitiatedActionSupport;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * One of Keycloak's required actions that change credentials, with the bundle's own behaviour around it: everything
 * goes to Keycloak's action unless a subclass says otherwise. Keycloak's action is a {@link CredentialAction}, as
 * Keycloak marks the actions that change credentials, and so is this one.
 */
public abstract class DelegatingAction implements RequiredActionProvider, CredentialAction {

    private final RequiredActionProvider keycloaks;

    /** {@code keycloaks} is a {@link CredentialAction}. */
    protected DelegatingAction(RequiredActionProvider keycloaks) {
        this.keycloaks = keycloaks;
    }

    /** Keycloak's action. */
    protected final RequiredActionProvider keycloaks() {
        return keycloaks;
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        keycloaks.requiredActionChallenge(context);
    }

    @Override
    public void processAction(RequiredActionContext context) {
        keycloaks.processAction(context);
    }

    @Override
    public int getMaxAuthAge(KeycloakSession session) {
        return keycloaks.getMaxAuthAge(session);
    }

    @Override
    public String getCredentialType(KeycloakSession session, AuthenticationSessionModel authenticationSession) {
        return ((CredentialAction) keycloaks).getCredentialType(session, authenticationSession);
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
