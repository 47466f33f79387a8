package dev.kcmfa.it;

import org.keycloak.testframework.server.KeycloakServerConfig;
import org.keycloak.testframework.server.KeycloakServerConfigBuilder;

/**
 * The one server configuration of the suite, so that every test class shares one Keycloak boot: the distribution
 * with the bundle's provider jar and theme jar installed, as an admin would install them.
 */
public class MfaServerConfig implements KeycloakServerConfig {

    @Override
    public KeycloakServerConfigBuilder configure(KeycloakServerConfigBuilder config) {
        return config
                .dependency("dev.kcmfa", "kc-mfa-authenticators")
                .dependency("dev.kcmfa", "kc-mfa-themes");
    }
}
