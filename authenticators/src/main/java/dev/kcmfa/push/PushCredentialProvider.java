package dev.kcmfa.push;

import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.CredentialTypeMetadata;
import org.keycloak.credential.CredentialTypeMetadataContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/** Stores enrolled phones as Keycloak credentials, so the account console and the admin console list and remove them. */
public class PushCredentialProvider implements CredentialProvider<PushCredentialModel> {

    private final KeycloakSession session;

    public PushCredentialProvider(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public String getType() {
        return PushCredentialModel.TYPE;
    }

    @Override
    public CredentialModel createCredential(RealmModel realm, UserModel user, PushCredentialModel credential) {
        return user.credentialManager().createStoredCredential(credential);
    }

    @Override
    public boolean deleteCredential(RealmModel realm, UserModel user, String credentialId) {
        return user.credentialManager().removeStoredCredentialById(credentialId);
    }

    @Override
    public PushCredentialModel getCredentialFromModel(CredentialModel model) {
        return PushCredentialModel.from(model);
    }

    @Override
    public CredentialTypeMetadata getCredentialTypeMetadata(CredentialTypeMetadataContext context) {
        return CredentialTypeMetadata.builder()
                .type(getType())
                .category(CredentialTypeMetadata.Category.TWO_FACTOR)
                .displayName("mfaPushDisplayName")
                .helpText("mfaPushHelpText")
                .iconCssClass("kcAuthenticatorDefaultClass")
                .createAction(PushEnrollmentAction.PROVIDER_ID)
                .removeable(true)
                .build(session);
    }
}
