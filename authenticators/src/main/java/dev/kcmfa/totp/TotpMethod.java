package dev.kcmfa.totp;

import dev.kcmfa.core.MfaMethod;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;

/** An authenticator app: Keycloak's OTP credential, set up with Keycloak's CONFIGURE_TOTP (guarded by the bundle). */
public final class TotpMethod extends MfaMethod {

    public static final TotpMethod TOTP = new TotpMethod();

    public TotpMethod() {
        super("totp", 20, OTPCredentialModel.TYPE, UserModel.RequiredAction.CONFIGURE_TOTP.name(), true);
    }

    @Override
    public boolean usableBy(UserModel user) {
        return user.credentialManager().isConfiguredFor(OTPCredentialModel.TYPE);
    }
}
