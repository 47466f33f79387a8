package dev.kcmfa.core;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * The bundle's own small SPI, {@code mfa-waits}: it gives the node-wide parts of waiting (the list of open
 * connections, the caps) a home in a provider factory, and their settings a place among Keycloak's options
 * ({@code --spi-mfa-waits--default--token-requests=10}).
 */
public class AnswerWaitsSpi implements Spi {

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return "mfa-waits";
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return AnswerWaits.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return AnswerWaitsFactory.class;
    }
}
