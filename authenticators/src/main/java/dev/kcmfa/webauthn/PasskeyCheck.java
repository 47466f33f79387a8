package dev.kcmfa.webauthn;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.browser.WebAuthnAuthenticator;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.WebAuthnCredentialProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.WebAuthnPolicy;
import org.keycloak.models.credential.WebAuthnCredentialModel;

/**
 * Keycloak's WebAuthn check of a passkey as a second factor: its passwordless policy and credential type, without
 * what its passwordless authenticator does as a first factor (read a posted username and make that user the login's,
 * "attempted" without a user handle, cancel, remember me). The user is the one the first factor identified.
 */
final class PasskeyCheck extends WebAuthnAuthenticator {

    /** Keycloak's provider of passwordless WebAuthn credentials. */
    private static final String PASSWORDLESS_PROVIDER = "keycloak-webauthn-passwordless";

    PasskeyCheck(KeycloakSession session) {
        super(session);
    }

    @Override
    protected WebAuthnPolicy getWebAuthnPolicy(AuthenticationFlowContext context) {
        return context.getRealm().getWebAuthnPolicyPasswordless();
    }

    @Override
    protected String getCredentialType() {
        return WebAuthnCredentialModel.TYPE_PASSWORDLESS;
    }

    @Override
    protected boolean shouldDisplayAuthenticators(AuthenticationFlowContext context) {
        return false;
    }

    @Override
    public WebAuthnCredentialProvider getCredentialProvider(KeycloakSession session) {
        return (WebAuthnCredentialProvider) session.getProvider(CredentialProvider.class, PASSWORDLESS_PROVIDER);
    }
}
