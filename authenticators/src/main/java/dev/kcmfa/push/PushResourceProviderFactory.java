package dev.kcmfa.push;

import dev.kcmfa.core.StatelessProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/** Mounts {@link PushResource} at {@code /realms/{realm}/mfa-push}. */
public class PushResourceProviderFactory
        implements RealmResourceProviderFactory, StatelessProviderFactory<RealmResourceProvider> {

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                return new PushResource(session);
            }

            @Override
            public void close() {
                // nothing held
            }
        };
    }

    @Override
    public String getId() {
        return PushEndpoints.PATH;
    }

    @Override
    public void close() {
        // stateless
    }
}
