package dev.kcmfa.webauthn;

import java.util.List;

import dev.kcmfa.core.MfaMethod;
import org.keycloak.authentication.AuthenticatorUtil;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.WebAuthnCredentialModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * A passkey: Keycloak's passwordless WebAuthn credential (a discoverable key that verifies the user, by PIN or
 * biometrics), set up with Keycloak's "Webauthn Register Passwordless" action under the realm's passwordless WebAuthn
 * policy. After a password it is the second factor; a user who signs in with the passkey itself (Keycloak's passkeys
 * on the username form) has proven two factors at once, where the realm's passwordless policy requires user
 * verification. Needs a browser.
 */
public final class PasskeyMethod extends MfaMethod {

    public static final PasskeyMethod PASSKEY = new PasskeyMethod();

    /** The realm's passwordless policy value under which Keycloak checks that the key verified the user. */
    private static final String USER_VERIFICATION_REQUIRED = "required";

    public PasskeyMethod() {
        super("passkey", 60, WebAuthnCredentialModel.TYPE_PASSWORDLESS, "webauthn-register-passwordless", false,
                new Steps("mfa-passkey", "mfa-passkey-direct-grant"));
    }

    /** RFC 8176: a hardware-secured key, and the user verified by it. */
    @Override
    public List<String> authenticationReferences() {
        return List.of("hwk", "user");
    }

    @Override
    public boolean usableBy(UserModel user) {
        return user.credentialManager().isConfiguredFor(WebAuthnCredentialModel.TYPE_PASSWORDLESS);
    }

    /**
     * A sign-in with the passkey itself, which Keycloak checked with user verification required: something the user
     * has and something the user knows or is.
     */
    @Override
    public boolean provenAtSignIn(RealmModel realm, AuthenticationSessionModel authSession) {
        return USER_VERIFICATION_REQUIRED.equals(
                realm.getWebAuthnPolicyPasswordless().getUserVerificationRequirement())
                && AuthenticatorUtil.getAuthnCredentials(authSession).contains(WebAuthnCredentialModel.TYPE_PASSWORDLESS);
    }
}
