package dev.kcmfa.push;

import dev.kcmfa.core.StatelessProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.grants.ciba.resolvers.CIBALoginUserResolver;
import org.keycloak.protocol.oidc.grants.ciba.resolvers.CIBALoginUserResolverFactory;

/** Makes {@link PushBackchannelUserResolver} the server's CIBA user resolver (the highest order wins). */
public class PushBackchannelUserResolverFactory implements CIBALoginUserResolverFactory,
        StatelessProviderFactory<CIBALoginUserResolver> {

    public static final String PROVIDER_ID = "mfa-push";

    @Override
    public CIBALoginUserResolver create(KeycloakSession session) {
        return new PushBackchannelUserResolver(session);
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
