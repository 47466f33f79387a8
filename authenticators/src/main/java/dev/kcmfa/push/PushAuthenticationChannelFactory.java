package dev.kcmfa.push;

import dev.kcmfa.core.StatelessProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.grants.ciba.channel.AuthenticationChannelProvider;
import org.keycloak.protocol.oidc.grants.ciba.channel.AuthenticationChannelProviderFactory;

/**
 * Makes push the server's CIBA authentication channel: Keycloak takes the provider of the highest order when none is
 * configured, and its own HTTP channel has none. {@code --spi-ciba-auth-channel--provider=ciba-http-auth-channel}
 * gives Keycloak's back.
 */
public class PushAuthenticationChannelFactory implements AuthenticationChannelProviderFactory,
        StatelessProviderFactory<AuthenticationChannelProvider> {

    public static final String PROVIDER_ID = "mfa-push";

    @Override
    public AuthenticationChannelProvider create(KeycloakSession session) {
        return new PushAuthenticationChannel(session);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public int order() {
        return 1;
    }
}
