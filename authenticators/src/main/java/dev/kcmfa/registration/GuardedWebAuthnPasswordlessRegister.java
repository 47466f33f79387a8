package dev.kcmfa.registration;

import org.keycloak.authentication.requiredactions.WebAuthnPasswordlessRegisterFactory;

/** Keycloak's "Webauthn Register Passwordless" (webauthn-register-passwordless). */
public class GuardedWebAuthnPasswordlessRegister extends GuardedActionFactory {

    public GuardedWebAuthnPasswordlessRegister() {
        super(new WebAuthnPasswordlessRegisterFactory());
    }
}
