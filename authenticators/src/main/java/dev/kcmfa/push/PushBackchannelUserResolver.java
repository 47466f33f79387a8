package dev.kcmfa.push;

import java.util.Optional;

import jakarta.ws.rs.core.Response;
import org.keycloak.OAuthErrorException;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.grants.ciba.channel.AuthenticationChannelProvider;
import org.keycloak.protocol.oidc.grants.ciba.resolvers.CIBALoginUserResolver;
import org.keycloak.protocol.oidc.grants.ciba.resolvers.DefaultCIBALoginUserResolver;
import org.keycloak.services.ErrorResponseException;

/**
 * Keycloak's CIBA user resolver (the user named by {@code login_hint}), which also refuses, while push is the CIBA
 * channel, a user the phone cannot ask (no phone, a policy without push, a request already waiting, the hourly cap):
 * the app gets {@code 403 access_denied} saying why. Keycloak resolves the user before it hands the request to the
 * channel, and a channel's refusal can only be its {@code 503}.
 */
public class PushBackchannelUserResolver implements CIBALoginUserResolver {

    private final KeycloakSession session;
    private final CIBALoginUserResolver keycloaks;

    PushBackchannelUserResolver(KeycloakSession session) {
        this.session = session;
        this.keycloaks = new DefaultCIBALoginUserResolver(session);
    }

    @Override
    public UserModel getUserFromLoginHint(String loginHint) {
        return askable(keycloaks.getUserFromLoginHint(loginHint));
    }

    @Override
    public UserModel getUserFromLoginHintToken(String loginHintToken) {
        return askable(keycloaks.getUserFromLoginHintToken(loginHintToken));
    }

    @Override
    public UserModel getUserFromIdTokenHint(String idToken) {
        return askable(keycloaks.getUserFromIdTokenHint(idToken));
    }

    @Override
    public String getInfoUsedByAuthentication(UserModel user) {
        return keycloaks.getInfoUsedByAuthentication(user);
    }

    @Override
    public UserModel getUserFromInfoUsedByAuthentication(String info) {
        return keycloaks.getUserFromInfoUsedByAuthentication(info);
    }

    /** The user, when the phone can ask them or push is not the channel; a refusal saying why otherwise. */
    private UserModel askable(UserModel user) {
        if (user == null || !user.isEnabled()
                || !(session.getProvider(AuthenticationChannelProvider.class) instanceof PushAuthenticationChannel)) {
            return user;
        }
        RealmModel realm = session.getContext().getRealm();
        Optional<String> refusal = PushBackchannel.refusal(session, realm, user);
        if (refusal.isEmpty()) {
            return user;
        }
        EventBuilder event = new EventBuilder(realm, session, session.getContext().getConnection())
                .event(EventType.LOGIN_ERROR).user(user).detail(Details.REASON, refusal.get());
        ClientModel client = session.getContext().getClient();
        if (client != null) {
            event.client(client);
        }
        event.error(Errors.ACCESS_DENIED);
        throw new ErrorResponseException(OAuthErrorException.ACCESS_DENIED, refusal.get(), Response.Status.FORBIDDEN);
    }

    @Override
    public void close() {
        // nothing held
    }
}
