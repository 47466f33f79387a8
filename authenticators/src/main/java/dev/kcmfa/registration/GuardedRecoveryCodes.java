package dev.kcmfa.registration;

import org.keycloak.authentication.requiredactions.RecoveryAuthnCodesAction;

/** Keycloak's "Recovery Authentication Codes" (CONFIGURE_RECOVERY_AUTHN_CODES). */
public class GuardedRecoveryCodes extends GuardedActionFactory {

    public GuardedRecoveryCodes() {
        super(new RecoveryAuthnCodesAction());
    }
}
