package dev.kcmfa.core;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * What every step of the bundle has in common as a factory: no server-level settings, no start-up wiring, nothing
 * to close (all state lives in Keycloak), and, unless a step says otherwise, no per-execution config and no
 * "user setup" required action (enrollment happens inside the login).
 */
public abstract class MfaAuthenticatorFactory implements AuthenticatorFactory {

    @Override
    public boolean isConfigurable() {
        return false;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public void init(Config.Scope config) {
        // no server-level settings
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // nothing to wire
    }

    @Override
    public void close() {
        // stateless
    }
}
