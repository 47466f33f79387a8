package dev.kcmfa.device;

import java.util.Optional;

import dev.kcmfa.core.StoredCredentialProvider;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.KeycloakSession;

/**
 * Remembered browsers as Keycloak credentials ({@link RememberedDeviceCredential}): listed in the account console's
 * two-factor part as removable, with no "Set up" (a browser is remembered by ticking the box at a login), and in the
 * admin console's Credentials tab of the user. Removing one ends the remembering of that browser only. It is no
 * second factor and validates no input.
 */
public class RememberedDeviceCredentialProvider extends StoredCredentialProvider<CredentialModel> {

    public RememberedDeviceCredentialProvider(KeycloakSession session) {
        super(session, RememberedDeviceCredential.TYPE);
    }

    @Override
    public CredentialModel getCredentialFromModel(CredentialModel model) {
        return model;
    }

    @Override
    protected String displayNameKey() {
        return "mfaRememberedDeviceDisplayName";
    }

    @Override
    protected String helpTextKey() {
        return "mfaRememberedDeviceHelpText";
    }

    @Override
    protected Optional<String> setUpAction() {
        return Optional.empty();
    }
}
