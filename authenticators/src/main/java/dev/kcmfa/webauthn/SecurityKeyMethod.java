package dev.kcmfa.webauthn;

import java.util.List;

import dev.kcmfa.core.MfaMethod;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.WebAuthnCredentialModel;

/**
 * A security key (or a platform authenticator) as a second factor: Keycloak's two-factor WebAuthn credential, set up
 * with Keycloak's "Webauthn Register" action (webauthn-register, guarded by the bundle) under the realm's WebAuthn
 * policy. Phishing-resistant: the browser signs for the realm's relying party only. Needs a browser.
 */
public final class SecurityKeyMethod extends MfaMethod {

    public static final SecurityKeyMethod SECURITY_KEY = new SecurityKeyMethod();

    public SecurityKeyMethod() {
        super("webauthn", 50, WebAuthnCredentialModel.TYPE_TWOFACTOR, "webauthn-register", false,
                new Steps("mfa-webauthn", "mfa-webauthn-direct-grant"));
    }

    /** RFC 8176: proof of possession of a hardware-secured key. */
    @Override
    public List<String> authenticationReferences() {
        return List.of("hwk");
    }

    @Override
    public boolean usableBy(UserModel user) {
        return user.credentialManager().isConfiguredFor(WebAuthnCredentialModel.TYPE_TWOFACTOR);
    }
}
