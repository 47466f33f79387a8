package dev.kcmfa.push;

import java.util.List;

import dev.kcmfa.core.MfaMethodFactory;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;

public class PushAuthenticatorFactory extends MfaMethodFactory {

    public static final String PROVIDER_ID = PushMethod.PUSH.steps().browser();

    private static final PushAuthenticator SINGLETON = new PushAuthenticator();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "MFA - Push approval";
    }

    @Override
    public String getReferenceCategory() {
        return PushCredentialModel.TYPE;
    }

    @Override
    public String getHelpText() {
        return "Sends a sign-in request to the user's enrolled phone (FCM) and waits for the phone to approve it, "
                + "with the two-digit number the browser shows. Users without a phone enroll one from a QR code.";
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return SINGLETON;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return PushSettings.properties(false);
    }
}
