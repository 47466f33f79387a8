package dev.kcmfa.core;

import java.util.Optional;

import org.keycloak.credential.CredentialInput;
import org.keycloak.credential.CredentialInputValidator;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Stores a method's factors (phones, keys, numbers) as Keycloak credentials of the method's type, set up with the
 * method's enrollment action, and tells Keycloak who has one: {@code isConfiguredFor} is what policies ("optional"
 * MFA for enrolled users, trusted networks, the method order) ask. No typed input passes here: each method's own
 * steps check its answers.
 */
public abstract class MethodCredentialProvider<T extends CredentialModel> extends StoredCredentialProvider<T>
        implements CredentialInputValidator {

    private final MfaMethod method;

    /** {@code method}: one with a credential type and an enrollment action, named by its message keys. */
    protected MethodCredentialProvider(KeycloakSession session, MfaMethod method) {
        super(session, method.credentialType().orElseThrow());
        this.method = method;
    }

    @Override
    protected final Optional<String> setUpAction() {
        return method.enrollmentAction();
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
}
