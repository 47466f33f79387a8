package dev.kcmfa.yubikey;

import dev.kcmfa.core.MethodCredentialProvider;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.KeycloakSession;

/** Bound YubiKeys as Keycloak credentials; an OTP is checked by the validation server in the YubiKey steps. */
public class YubiKeyCredentialProvider extends MethodCredentialProvider<CredentialModel> {

    public YubiKeyCredentialProvider(KeycloakSession session) {
        super(session, YubiKeyMethod.YUBIKEY);
    }

    @Override
    public CredentialModel getCredentialFromModel(CredentialModel model) {
        return model;
    }

    @Override
    protected String displayNameKey() {
        return "mfaYubiKeyDisplayName";
    }

    @Override
    protected String helpTextKey() {
        return "mfaYubiKeyHelpText";
    }
}
