package dev.kcmfa.core;

import org.keycloak.authentication.CredentialRegistrator;
import org.keycloak.authentication.InitiatedActionSupport;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The required action that sets up a method's factor (a phone, a key, a number): named by the method's enrollment
 * action, registering its credential type, started by an admin, by the login ({@link LoginEnrollment}) or by the
 * account console's "Set up" ({@code kc_action}), and, like every way of adding a factor, refused to a session that
 * has not passed a factor the user holds ({@link FactorRegistration}).
 */
public abstract class MethodSetupAction
        implements RequiredActionProvider, RequiredActionFactory, CredentialRegistrator,
        StatelessProviderFactory<RequiredActionProvider> {

    private final MfaMethod method;
    private final String displayText;

    /** {@code method}: one with an enrollment action and a credential type. */
    protected MethodSetupAction(MfaMethod method, String displayText) {
        this.method = method;
        this.displayText = displayText;
    }

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
        // only ever requested by the login, an admin or the user
    }

    /** The account console's "Set up" button asks for it as an application-initiated action. */
    @Override
    public InitiatedActionSupport initiatedActionSupport() {
        return InitiatedActionSupport.SUPPORTED;
    }

    @Override
    public int getMaxAuthAge(KeycloakSession session) {
        return FactorRegistration.maxAuthAge(session, this, RequiredActionProvider.super.getMaxAuthAge(session));
    }

    @Override
    public String getCredentialType(KeycloakSession session, AuthenticationSessionModel authenticationSession) {
        return method.credentialType().orElseThrow();
    }

    @Override
    public String getDisplayText() {
        return displayText;
    }

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return this;
    }

    @Override
    public String getId() {
        return method.enrollmentAction().orElseThrow();
    }

    @Override
    public void close() {
        // stateless
    }
}
