package dev.kcmfa.duo;

import java.util.List;

import dev.kcmfa.core.MfaMethodFactory;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;

public class DuoAuthenticatorFactory extends MfaMethodFactory {

    public static final String PROVIDER_ID = DuoMethod.DUO.steps().browser();

    private static final DuoAuthenticator SINGLETON = new DuoAuthenticator();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "MFA - Duo Universal Prompt";
    }

    @Override
    public String getReferenceCategory() {
        return "mfa-duo";
    }

    @Override
    public String getHelpText() {
        return "Sends the user to Duo's Universal Prompt and back (OIDC with a signed request, state bound to the "
                + "login, id_token checked). Fails closed when Duo is unreachable unless set to open.";
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return SINGLETON;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return DuoSettings.properties(false);
    }
}
