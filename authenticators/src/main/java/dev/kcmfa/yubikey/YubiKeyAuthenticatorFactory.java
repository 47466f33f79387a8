package dev.kcmfa.yubikey;

import java.util.List;

import dev.kcmfa.core.MfaMethodFactory;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;

public class YubiKeyAuthenticatorFactory extends MfaMethodFactory {

    public static final String PROVIDER_ID = YubiKeyMethod.YUBIKEY.steps().browser();

    private static final YubiKeyAuthenticator SINGLETON = new YubiKeyAuthenticator();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "MFA - YubiKey (Yubico OTP)";
    }

    @Override
    public String getHelpText() {
        return "Asks for a one-time password from a YubiKey (the user touches the key) and checks it with a Yubico "
                + "validation server (protocol 2.0, signed with the API key). A user without a key whose policy "
                + "allows YubiKeys binds one during the login. Fails closed when no server answers.";
    }

    /** Wrong OTPs are reported under "otp" by the attempt limiter, whatever this says; this lists the keys. */
    @Override
    public String getReferenceCategory() {
        return YubiKeyCredentialModel.TYPE;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return YubiKeySettings.properties();
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return SINGLETON;
    }
}
