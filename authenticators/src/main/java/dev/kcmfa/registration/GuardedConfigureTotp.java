package dev.kcmfa.registration;

import org.keycloak.authentication.requiredactions.UpdateTotp;

/** Keycloak's "Configure OTP" (CONFIGURE_TOTP). */
public class GuardedConfigureTotp extends GuardedActionFactory {

    public GuardedConfigureTotp() {
        super(new UpdateTotp());
    }
}
