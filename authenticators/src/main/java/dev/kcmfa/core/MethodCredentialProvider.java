package dev.kcmfa.core;

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
 * Stores a method's factors (phones, keys, numbers) as Keycloak credentials of the method's type, so the account
 * console and the admin console list and remove them, and tells Keycloak who has one: {@code isConfiguredFor} is what
 * policies ("optional" MFA for enrolled users, trusted networks, the method order) ask. No typed input passes here:
 * each method's own steps check its answers.
 */
public abstract class MethodCredentialProvider<T extends CredentialModel>
        implements CredentialProvider<T>, CredentialInputValidator {

    private final KeycloakSession session;
    private final MfaMethod method;

    /** {@code method}: one with a credential type and an enrollment action, named by its message keys. */
    protected MethodCredentialProvider(KeycloakSession session, MfaMethod method) {
        this.session = session;
        this.method = method;
    }

    /** The message key of the factor's name in the account console ({@code mfaPushDisplayName}). */
    protected abstract String displayNameKey();

    /** The message key of the account console's line under the name. */
    protected abstract String helpTextKey();

    @Override
    public final String getType() {
        return method.credentialType().orElseThrow();
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
        return getType().equals(credentialType);
    }

    @Override
    public boolean isConfiguredFor(RealmModel realm, UserModel user, String credentialType) {
        return supportsCredentialType(credentialType)
                && user.credentialManager().getStoredCredentialsByTypeStream(getType()).findAny().isPresent();
    }

    @Override
    public boolean isValid(RealmModel realm, UserModel user, CredentialInput input) {
        return false;
    }

    @Override
    public CredentialTypeMetadata getCredentialTypeMetadata(CredentialTypeMetadataContext context) {
        return CredentialTypeMetadata.builder()
                .type(getType())
                .category(CredentialTypeMetadata.Category.TWO_FACTOR)
                .displayName(displayNameKey())
                .helpText(helpTextKey())
                .iconCssClass("kcAuthenticatorDefaultClass")
                .createAction(method.enrollmentAction().orElseThrow())
                .removeable(true)
                .build(session);
    }
}
