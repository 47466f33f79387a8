package dev.kcmfa.core;

import java.util.Optional;

import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.CredentialTypeMetadata;
import org.keycloak.credential.CredentialTypeMetadataContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * A credential type of the bundle kept in Keycloak's credential store as it is (phones, keys, numbers, remembered
 * browsers), so the account console lists them in its two-factor part, removable, and the admin console shows them
 * in the user's Credentials tab.
 */
public abstract class StoredCredentialProvider<T extends CredentialModel> implements CredentialProvider<T> {

    private final KeycloakSession session;
    private final String type;

    protected StoredCredentialProvider(KeycloakSession session, String type) {
        this.session = session;
        this.type = type;
    }

    /** The message key of the credential's name in the account console ({@code mfaPushDisplayName}). */
    protected abstract String displayNameKey();

    /** The message key of the account console's line under the name. */
    protected abstract String helpTextKey();

    /** The required action behind the account console's "Set up", if the user can add one there. */
    protected abstract Optional<String> setUpAction();

    @Override
    public final String getType() {
        return type;
    }

    @Override
    public CredentialModel createCredential(RealmModel realm, UserModel user, T credential) {
        return user.credentialManager().createStoredCredential(credential);
    }

    @Override
    public boolean deleteCredential(RealmModel realm, UserModel user, String credentialId) {
        return user.credentialManager().removeStoredCredentialById(credentialId);
    }

    @Override
    public boolean supportsCredentialType(String credentialType) {
        return type.equals(credentialType);
    }

    @Override
    public CredentialTypeMetadata getCredentialTypeMetadata(CredentialTypeMetadataContext context) {
        CredentialTypeMetadata.CredentialTypeMetadataBuilder metadata = CredentialTypeMetadata.builder()
                .type(type)
                .category(CredentialTypeMetadata.Category.TWO_FACTOR)
                .displayName(displayNameKey())
                .helpText(helpTextKey())
                .iconCssClass("kcAuthenticatorDefaultClass")
                .removeable(true);
        setUpAction().ifPresent(metadata::createAction);
        return metadata.build(session);
    }
}
