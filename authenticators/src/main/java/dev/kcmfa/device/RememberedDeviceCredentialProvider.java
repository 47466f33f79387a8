package dev.kcmfa.device;

import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.CredentialTypeMetadata;
import org.keycloak.credential.CredentialTypeMetadataContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Remembered browsers as Keycloak credentials ({@link RememberedDeviceCredential}): listed in the account console's
 * two-factor part as removable, with no "Set up" (a browser is remembered by ticking the box at a login), and in the
 * admin console's Credentials tab of the user. Removing one ends the remembering of that browser only. It is no
 * second factor and validates no input.
 */
public class RememberedDeviceCredentialProvider implements CredentialProvider<CredentialModel> {

    private final KeycloakSession session;

    public RememberedDeviceCredentialProvider(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public String getType() {
        return RememberedDeviceCredential.TYPE;
    }

    @Override
    public CredentialModel createCredential(RealmModel realm, UserModel user, CredentialModel credential) {
        return user.credentialManager().createStoredCredential(credential);
    }

    @Override
    public boolean deleteCredential(RealmModel realm, UserModel user, String credentialId) {
        return user.credentialManager().removeStoredCredentialById(credentialId);
    }

    @Override
    public CredentialModel getCredentialFromModel(CredentialModel model) {
        return model;
    }

    @Override
    public boolean supportsCredentialType(String credentialType) {
        return getType().equals(credentialType);
    }

    @Override
    public CredentialTypeMetadata getCredentialTypeMetadata(CredentialTypeMetadataContext context) {
        return CredentialTypeMetadata.builder()
                .type(getType())
                .category(CredentialTypeMetadata.Category.TWO_FACTOR)
                .displayName("mfaRememberedDeviceDisplayName")
                .helpText("mfaRememberedDeviceHelpText")
                .iconCssClass("kcAuthenticatorDefaultClass")
                .removeable(true)
                .build(session);
    }
}
