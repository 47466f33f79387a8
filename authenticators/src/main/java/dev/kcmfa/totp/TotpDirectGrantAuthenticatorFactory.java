package dev.kcmfa.totp;

import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;

/** The authenticator-app step for direct grant flows: the same credential, no page, no enrollment. */
public class TotpDirectGrantAuthenticatorFactory extends TotpAuthenticatorFactory {

    public static final String PROVIDER_ID = TotpMethod.TOTP.steps().tokenRequest();

    private static final TotpDirectGrantAuthenticator SINGLETON = new TotpDirectGrantAuthenticator();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "MFA - Authenticator app (direct grant)";
    }

    @Override
    public String getHelpText() {
        return "For direct grant flows (password grant of standard tools): checks the 'otp' parameter against the "
                + "user's authenticator apps. A user without one is refused with invalid_grant (set it up in the "
                + "browser first); wrong codes count for brute-force protection.";
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return SINGLETON;
    }
}
