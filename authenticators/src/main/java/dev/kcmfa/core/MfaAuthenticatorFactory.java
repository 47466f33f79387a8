package dev.kcmfa.core;

import java.util.List;

import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * What every step of the bundle has in common as a factory: no server-level settings, no start-up wiring, nothing
 * to close (all state lives in Keycloak), and, unless a step says otherwise, no per-execution config and no
 * "user setup" required action (enrollment happens inside the login).
 */
public abstract class MfaAuthenticatorFactory implements AuthenticatorFactory, StatelessProviderFactory<Authenticator> {

    /** Configurable exactly when the step declares settings. */
    @Override
    public boolean isConfigurable() {
        return !getConfigProperties().isEmpty();
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }
}
