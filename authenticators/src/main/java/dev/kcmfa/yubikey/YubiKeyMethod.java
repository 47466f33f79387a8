package dev.kcmfa.yubikey;

import java.util.List;
import java.util.Optional;

import dev.kcmfa.core.MfaMethod;
import org.keycloak.models.UserModel;

/**
 * A YubiKey's Yubico OTP: the user touches the key, which types a one-time password; a Yubico validation server
 * checks it. The credential ({@link YubiKeyCredentialModel}) is the key's public id; enrolled in the login or with
 * the required action mfa-yubikey-register.
 */
public final class YubiKeyMethod extends MfaMethod {

    public static final YubiKeyMethod YUBIKEY = new YubiKeyMethod();

    /** The token-request parameter that carries the OTP (a password grant sending it picks this method). */
    public static final String PARAM_OTP = "yubikey_otp";

    public YubiKeyMethod() {
        super("yubikey", 70, YubiKeyCredentialModel.TYPE, "mfa-yubikey-register", true,
                new Steps("mfa-yubikey", "mfa-yubikey-direct-grant"));
    }

    /** RFC 8176: a hardware key's one-time password. */
    @Override
    public List<String> authenticationReferences() {
        return List.of("hwk", "otp");
    }

    @Override
    public boolean usableBy(UserModel user) {
        return user.credentialManager().isConfiguredFor(YubiKeyCredentialModel.TYPE);
    }

    /** Works only with a Yubico API key: allowed only where a policy names it. */
    @Override
    public boolean inBuiltInDefault() {
        return false;
    }

    @Override
    public Optional<String> answerParameter() {
        return Optional.of(PARAM_OTP);
    }
}
