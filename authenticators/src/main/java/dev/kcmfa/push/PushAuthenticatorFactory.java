package dev.kcmfa.push;

import java.util.List;

import dev.kcmfa.core.MfaMethodFactory;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

public class PushAuthenticatorFactory extends MfaMethodFactory {

    public static final String PROVIDER_ID = "mfa-push";

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
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(PushSettings.CONF_CHALLENGE_SECONDS).label("Request lifetime (seconds)")
                .helpText("How long the phone may answer, 60 to 120.").type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(Integer.toString(PushSettings.DEFAULT_CHALLENGE_SECONDS)).add()
                .property().name(PushSettings.CONF_PUSHES_PER_HOUR).label("Requests per user per hour")
                .helpText("How many sign-in requests one user may receive in an hour, across all logins, 1 to 100.")
                .type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(Integer.toString(PushSettings.DEFAULT_PUSHES_PER_HOUR)).add()
                .property().name(PushSettings.CONF_SERVICE_ACCOUNT).label("FCM service account (JSON)")
                .helpText("The Firebase service-account key file, pasted whole. Without it no push is sent and "
                        + "phones find requests by asking Keycloak (the app's refresh).")
                .type(ProviderConfigProperty.TEXT_TYPE).secret(true).add()
                .property().name(PushSettings.CONF_FCM_BASE_URL).label("FCM base URL")
                .helpText("Only for tests and proxies. The token URL comes from the service account's token_uri.")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(PushSettings.DEFAULT_FCM_BASE_URL).add()
                .build();
    }
}
