package dev.kcmfa.phone;

import dev.kcmfa.core.MethodCredentialProvider;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.KeycloakSession;

/** Proven phone numbers as Keycloak credentials, for SMS and voice alike; codes are checked in the phone steps. */
public class PhoneCredentialProvider extends MethodCredentialProvider<CredentialModel> {

    public PhoneCredentialProvider(KeycloakSession session) {
        super(session, SmsMethod.SMS); // voice shares the credential type and the set-up action
    }

    @Override
    public CredentialModel getCredentialFromModel(CredentialModel model) {
        return model;
    }

    @Override
    protected String displayNameKey() {
        return "mfaPhoneDisplayName";
    }

    @Override
    protected String helpTextKey() {
        return "mfaPhoneHelpText";
    }
}
