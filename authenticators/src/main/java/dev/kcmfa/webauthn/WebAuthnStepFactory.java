package dev.kcmfa.webauthn;

import dev.kcmfa.core.MfaMethod;
import dev.kcmfa.core.MfaMethodFactory;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;

/** The factory of a WebAuthn method's browser step ({@link WebAuthnStep}). */
abstract class WebAuthnStepFactory extends MfaMethodFactory {

    private final MfaMethod method;
    private final String displayType;
    private final String helpText;

    WebAuthnStepFactory(MfaMethod method, String displayType, String helpText) {
        this.method = method;
        this.displayType = displayType;
        this.helpText = helpText;
    }

    @Override
    public String getId() {
        return method.steps().browser();
    }

    @Override
    public String getDisplayType() {
        return displayType;
    }

    @Override
    public String getHelpText() {
        return helpText;
    }

    /** The credential type: the account console lists the keys, and "Set up" registers one. */
    @Override
    public String getReferenceCategory() {
        return method.credentialType().orElseThrow();
    }

    @Override
    public abstract Authenticator create(KeycloakSession session);
}
