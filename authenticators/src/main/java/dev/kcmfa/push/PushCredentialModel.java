package dev.kcmfa.push;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;

import org.keycloak.common.util.Time;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.util.JsonSerialization;

/**
 * A phone enrolled for push approval: its label (the credential's user label), its FCM registration token and the
 * public half of an ECDSA P-256 key whose private half never leaves the phone. Nothing here is secret; the phone's
 * signature is what proves an approval.
 */
public class PushCredentialModel extends CredentialModel {

    public static final String TYPE = "mfa-push";

    private final Data data;

    /** Stored as the credential data: JSON with these fields. */
    public record Data(String publicKey, String fcmToken, String algorithm) {
    }

    private PushCredentialModel(Data data) {
        this.data = data;
    }

    public static PushCredentialModel create(String label, String publicKeyBase64, String fcmToken) {
        PushCredentialModel model = new PushCredentialModel(new Data(publicKeyBase64, fcmToken, "ES256"));
        model.setType(TYPE);
        model.setUserLabel(label);
        model.setCreatedDate(Time.currentTimeMillis());
        model.setSecretData("{}");
        try {
            model.setCredentialData(JsonSerialization.writeValueAsString(model.data));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return model;
    }

    /** The user's enrolled phones. */
    public static List<PushCredentialModel> phonesOf(UserModel user) {
        return user.credentialManager().getStoredCredentialsByTypeStream(TYPE).map(PushCredentialModel::from).toList();
    }

    public static PushCredentialModel from(CredentialModel stored) {
        try {
            PushCredentialModel model = new PushCredentialModel(
                    JsonSerialization.readValue(stored.getCredentialData(), Data.class));
            model.setId(stored.getId());
            model.setType(stored.getType());
            model.setUserLabel(stored.getUserLabel());
            model.setCreatedDate(stored.getCreatedDate());
            model.setCredentialData(stored.getCredentialData());
            model.setSecretData(stored.getSecretData());
            return model;
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable mfa-push credential " + stored.getId(), e);
        }
    }

    /** Parses a Base64 X.509 SubjectPublicKeyInfo and accepts only an EC key on P-256, the curve the protocol fixes. */
    public static ECPublicKey parsePublicKey(String base64) {
        try {
            PublicKey key = KeyFactory.getInstance("EC")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
            ECPublicKey ec = (ECPublicKey) key;
            if (ec.getParams().getCurve().getField().getFieldSize() != 256) {
                throw new IllegalArgumentException("the key is not on P-256");
            }
            return ec;
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalArgumentException("not a Base64 X.509 EC public key", e);
        }
    }

    public ECPublicKey publicKey() {
        return parsePublicKey(data.publicKey());
    }

    public String fcmToken() {
        return data.fcmToken();
    }
}
