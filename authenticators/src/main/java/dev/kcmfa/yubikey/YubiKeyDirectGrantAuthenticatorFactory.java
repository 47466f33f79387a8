package dev.kcmfa.yubikey;

import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;

/** The YubiKey step for direct grant flows: the same keys and settings, no page, no enrollment. */
public class YubiKeyDirectGrantAuthenticatorFactory extends YubiKeyAuthenticatorFactory {

    public static final String PROVIDER_ID = YubiKeyMethod.YUBIKEY.steps().tokenRequest();

    private static final YubiKeyDirectGrantAuthenticator SINGLETON = new YubiKeyDirectGrantAuthenticator();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "MFA - YubiKey (direct grant)";
    }

    @Override
    public String getHelpText() {
        return "For direct grant flows (password grant of standard tools): checks the 'yubikey_otp' parameter with "
                + "the validation server. A user without a key is refused with invalid_grant (set it up in the "
                + "browser first); wrong OTPs count for brute-force protection.";
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return SINGLETON;
    }
}
