package dev.kcmfa.push;

import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.grants.ciba.channel.AuthenticationChannelProvider;
import org.keycloak.protocol.oidc.grants.ciba.channel.CIBAAuthenticationRequest;

/** Keycloak's CIBA authentication channel, by push to the user's phones ({@link PushBackchannel}). */
public class PushAuthenticationChannel implements AuthenticationChannelProvider {

    private final KeycloakSession session;

    PushAuthenticationChannel(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public boolean requestAuthentication(CIBAAuthenticationRequest request, String infoUsedByAuthenticator) {
        return PushBackchannel.ask(session, request);
    }

    @Override
    public void close() {
        // nothing held
    }
}
