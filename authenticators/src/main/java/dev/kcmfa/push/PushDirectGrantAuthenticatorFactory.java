package dev.kcmfa.push;

import java.util.List;

import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;

/** The push step for direct grant flows: the same credential and settings, plus how long a token request waits. */
public class PushDirectGrantAuthenticatorFactory extends PushAuthenticatorFactory {

    public static final String PROVIDER_ID = PushMethod.PUSH.steps().tokenRequest();

    private static final PushDirectGrantAuthenticator SINGLETON = new PushDirectGrantAuthenticator();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "MFA - Push approval (direct grant)";
    }

    @Override
    public String getHelpText() {
        return "For direct grant flows (password grant of standard tools): pushes a sign-in request to the user's "
                + "phone and holds the token request until the phone approves it, for a bounded time.";
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return SINGLETON;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return PushSettings.properties(true);
    }
}
