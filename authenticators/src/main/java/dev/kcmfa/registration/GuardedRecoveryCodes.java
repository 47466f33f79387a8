package dev.kcmfa.registration;

import dev.kcmfa.recovery.RecoveryCodesOffer;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.authentication.requiredactions.RecoveryAuthnCodesAction;
import org.keycloak.models.KeycloakSession;

/**
 * Keycloak's "Recovery Authentication Codes" (CONFIGURE_RECOVERY_AUTHN_CODES), asking first when a login only offers
 * the codes ({@link RecoveryCodesOffer}).
 */
public class GuardedRecoveryCodes extends GuardedActionFactory {

    public GuardedRecoveryCodes() {
        super(new RecoveryAuthnCodesAction());
    }

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return new RecoveryCodesOffer(super.create(session));
    }
}
