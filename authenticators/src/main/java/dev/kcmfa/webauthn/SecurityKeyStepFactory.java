package dev.kcmfa.webauthn;

import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.authenticators.browser.WebAuthnAuthenticator;
import org.keycloak.models.KeycloakSession;

public class SecurityKeyStepFactory extends WebAuthnStepFactory {

    private static final WebAuthnStep SINGLETON =
            new WebAuthnStep(SecurityKeyMethod.SECURITY_KEY, WebAuthnAuthenticator::new);

    public SecurityKeyStepFactory() {
        super(SecurityKeyMethod.SECURITY_KEY, "MFA - Security key (WebAuthn)", "Asks for a security key with "
                + "Keycloak's WebAuthn check under the realm's WebAuthn policy. A user who has none and whose MFA "
                + "policy allows security keys sets one up during the login (Keycloak's Webauthn Register).");
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return SINGLETON;
    }
}
