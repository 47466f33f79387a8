package dev.kcmfa.duo;

import java.util.List;

import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;

/** The Duo step for direct grant flows: Auth API credentials instead of the Universal Prompt's. */
public class DuoDirectGrantAuthenticatorFactory extends DuoAuthenticatorFactory {

    public static final String PROVIDER_ID = DuoMethod.DUO.steps().tokenRequest();

    private static final DuoDirectGrantAuthenticator SINGLETON = new DuoDirectGrantAuthenticator();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "MFA - Duo (direct grant)";
    }

    @Override
    public String getHelpText() {
        return "For direct grant flows: Duo Auth API preauth, then Duo Push (waited for) or the duo_passcode "
                + "parameter of the token request.";
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return SINGLETON;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return DuoSettings.properties(true);
    }
}
