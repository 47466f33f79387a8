package dev.kcmfa.registration;

import org.keycloak.authentication.requiredactions.WebAuthnRegisterFactory;

/** Keycloak's "Webauthn Register" (webauthn-register). */
public class GuardedWebAuthnRegister extends GuardedActionFactory {

    public GuardedWebAuthnRegister() {
        super(new WebAuthnRegisterFactory());
    }
}
