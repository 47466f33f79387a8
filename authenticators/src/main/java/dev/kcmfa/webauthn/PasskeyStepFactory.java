package dev.kcmfa.webauthn;

import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;

public class PasskeyStepFactory extends WebAuthnStepFactory {

    private static final WebAuthnStep SINGLETON =
            new WebAuthnStep(PasskeyMethod.PASSKEY, PasskeyCheck::new);

    public PasskeyStepFactory() {
        super(PasskeyMethod.PASSKEY, "MFA - Passkey", "Asks for a passkey with Keycloak's WebAuthn check under the "
                + "realm's passwordless WebAuthn policy. A user who has none and whose MFA policy allows passkeys sets "
                + "one up during the login (Keycloak's Webauthn Register Passwordless).");
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return SINGLETON;
    }
}
