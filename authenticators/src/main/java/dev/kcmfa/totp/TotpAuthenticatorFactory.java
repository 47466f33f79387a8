package dev.kcmfa.totp;

import dev.kcmfa.core.MfaMethodFactory;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.credential.OTPCredentialModel;

public class TotpAuthenticatorFactory extends MfaMethodFactory {

    public static final String PROVIDER_ID = TotpMethod.TOTP.steps().browser();

    private static final TotpAuthenticator SINGLETON = new TotpAuthenticator();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "MFA - Authenticator app (TOTP)";
    }

    @Override
    public String getHelpText() {
        return "Asks for a code from an authenticator app. A user who has none and whose MFA policy allows TOTP "
                + "enrolls one during the login by scanning a QR code. Uses the realm OTP policy and Keycloak's "
                + "OTP credential; wrong codes count for brute-force protection.";
    }

    /** "otp" makes the credentials show in the account console and wrong codes count for brute-force protection. */
    @Override
    public String getReferenceCategory() {
        return OTPCredentialModel.TYPE;
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return SINGLETON;
    }
}
