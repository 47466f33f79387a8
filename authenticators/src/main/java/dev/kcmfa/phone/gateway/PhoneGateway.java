package dev.kcmfa.phone.gateway;

import java.util.Map;

import org.keycloak.provider.Provider;

/** A service that delivers a text message or places a call: one provider per gateway kind ({@code http}, {@code twilio}). */
public interface PhoneGateway extends Provider {

    /**
     * Sends the message, or says why not. {@code settings}: this gateway's settings from the step's config, with the
     * {@code <gatewayId>.} prefix already removed. Bounded in time by the settings' time-outs.
     */
    void send(Map<String, String> settings, PhoneMessage message) throws PhoneGatewayException;

    @Override
    default void close() {
        // a gateway holds nothing beyond the request it makes
    }
}
