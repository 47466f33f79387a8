package dev.kcmfa.push;

import dev.kcmfa.core.MethodCredentialProvider;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.KeycloakSession;

/** Enrolled phones as Keycloak credentials; a push is answered with the phone's signature through PushResource. */
public class PushCredentialProvider extends MethodCredentialProvider<PushCredentialModel> {

    public PushCredentialProvider(KeycloakSession session) {
        super(session, PushMethod.PUSH);
    }

    @Override
    public PushCredentialModel getCredentialFromModel(CredentialModel model) {
        return PushCredentialModel.from(model);
    }

    @Override
    protected String displayNameKey() {
        return "mfaPushDisplayName";
    }

    @Override
    protected String helpTextKey() {
        return "mfaPushHelpText";
    }
}
