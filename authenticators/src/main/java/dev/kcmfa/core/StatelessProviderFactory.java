package dev.kcmfa.core;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;

/**
 * A factory with no server-level settings, no start-up wiring and nothing to close: all the bundle's state lives in
 * Keycloak (sessions, the single-use-object store, credentials, attributes), never in the factory.
 */
public interface StatelessProviderFactory<T extends Provider> extends ProviderFactory<T> {

    @Override
    default void init(Config.Scope config) {
        // no server-level settings
    }

    @Override
    default void postInit(KeycloakSessionFactory factory) {
        // nothing to wire
    }

    @Override
    default void close() {
        // nothing held
    }
}
