package dev.kcmfa.phone.gateway;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * The bundle's SPI {@code mfa-phone-gateway}: the services that deliver SMS and voice codes. The bundle ships
 * {@code http} and {@code twilio}; a deployment adds its own by implementing {@link PhoneGatewayFactory}.
 */
public class PhoneGatewaySpi implements Spi {

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return "mfa-phone-gateway";
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return PhoneGateway.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return PhoneGatewayFactory.class;
    }
}
