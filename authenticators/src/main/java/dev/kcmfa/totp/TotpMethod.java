package dev.kcmfa.totp;

import java.util.List;
import java.util.Optional;

import dev.kcmfa.core.MfaMethod;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;

/** An authenticator app: Keycloak's OTP credential, set up with Keycloak's CONFIGURE_TOTP (guarded by the bundle). */
public final class TotpMethod extends MfaMethod {

    public static final TotpMethod TOTP = new TotpMethod();

    /** The token-request parameter that carries the answer (a password grant sending it picks this method). */
    public static final String PARAM_CODE = "otp";

    public TotpMethod() {
        super("totp", 20, OTPCredentialModel.TYPE, UserModel.RequiredAction.CONFIGURE_TOTP.name(), true,
                new Steps("mfa-totp", "mfa-totp-direct-grant"));
    }

    /** RFC 8176: an app's one-time code. */
    @Override
    public List<String> authenticationReferences() {
        return List.of("otp");
    }

    @Override
    public boolean usableBy(UserModel user) {
        return user.credentialManager().isConfiguredFor(OTPCredentialModel.TYPE);
    }

    @Override
    public Optional<String> answerParameter() {
        return Optional.of(PARAM_CODE);
    }
}
