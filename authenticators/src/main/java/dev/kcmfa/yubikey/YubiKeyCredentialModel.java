package dev.kcmfa.yubikey;

import java.util.List;

import org.keycloak.common.util.Time;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.UserModel;

/**
 * A YubiKey bound to a user: its public id (the modhex characters before each OTP's 32-character token), stored as
 * the credential data. Nothing here is secret: the key's AES secret stays with the key and the validation server.
 */
final class YubiKeyCredentialModel {

    static final String TYPE = "mfa-yubikey";

    private YubiKeyCredentialModel() {
    }

    static CredentialModel create(String publicId) {
        CredentialModel model = new CredentialModel();
        model.setType(TYPE);
        model.setUserLabel("YubiKey " + publicId);
        model.setCreatedDate(Time.currentTimeMillis());
        model.setCredentialData(publicId);
        model.setSecretData("{}");
        return model;
    }

    /** The public ids of the user's keys. */
    static List<String> publicIdsOf(UserModel user) {
        return user.credentialManager().getStoredCredentialsByTypeStream(TYPE).map(CredentialModel::getCredentialData)
                .toList();
    }
}
