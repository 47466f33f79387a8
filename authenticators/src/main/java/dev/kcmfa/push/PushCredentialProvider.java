package dev.kcmfa.push;

import org.keycloak.credential.CredentialInput;
import org.keycloak.credential.CredentialInputValidator;
import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.CredentialTypeMetadata;
import org.keycloak.credential.CredentialTypeMetadataContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Stores enrolled phones as Keycloak credentials, so the account console and the admin console list and remove them,
 * and tells Keycloak who has one: {@code isConfiguredFor} is what policies (method order, "optional" MFA for enrolled
 * users, trusted networks) ask.
 */
public class PushCredentialProvider implements CredentialProvider<PushCredentialModel>, CredentialInputValidator {

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
    public boolean supportsCredentialType(String credentialType) {
        return getType().equals(credentialType);
    }

    @Override
    public boolean isConfiguredFor(RealmModel realm, UserModel user, String credentialType) {
        return supportsCredentialType(credentialType)
                && user.credentialManager().getStoredCredentialsByTypeStream(getType()).findAny().isPresent();
    }

    /** A push is answered with the phone's signature through {@link PushResource}; no typed input passes as one. */
    @Override
    public boolean isValid(RealmModel realm, UserModel user, CredentialInput input) {
        return false;
    }

    @Override
    public CredentialTypeMetadata getCredentialTypeMetadata(CredentialTypeMetadataContext context) {
        return CredentialTypeMetadata.builder()
                .type(getType())
                .category(CredentialTypeMetadata.Category.TWO_FACTOR)
                .displayName("mfaPushDisplayName")
                .helpText("mfaPushHelpText")
                .iconCssClass("kcAuthenticatorDefaultClass")
                .createAction(PushMethod.PUSH.enrollmentAction().orElseThrow())
                .removeable(true)
                .build(session);
    }
}
