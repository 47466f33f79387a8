package dev.kcmfa.it;

import org.keycloak.common.Profile;
import org.keycloak.testframework.server.KeycloakServerConfig;
import org.keycloak.testframework.server.KeycloakServerConfigBuilder;

/**
 * The one server configuration of the suite, so that every test class shares one Keycloak boot: the distribution
 * with the bundle's provider jar and theme jar installed, as an admin would install them, and the declarative UI
 * feature that the "MFA policies" page of the admin console needs.
 */
public class MfaServerConfig implements KeycloakServerConfig {

    @Override
    public KeycloakServerConfigBuilder configure(KeycloakServerConfigBuilder config) {
        return config
                // the admin console's "MFA policies" page uses Keycloak's declarative UI, an experimental feature
                .features(Profile.Feature.DECLARATIVE_UI)
                // IPv6 and IPv4 (dual stack) instead of the default 0.0.0.0: tests reach it as 127.0.0.1 and as ::1,
                // two client addresses on one machine (SendAllowancePerAddressTest)
                .option("http-host", "::")
                .dependency("dev.kcmfa", "kc-mfa-authenticators")
                .dependency("dev.kcmfa", "kc-mfa-themes");
    }
}
