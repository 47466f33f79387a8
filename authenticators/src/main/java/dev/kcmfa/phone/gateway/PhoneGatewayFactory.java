package dev.kcmfa.phone.gateway;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderFactory;

/** A gateway kind: its id is the prefix of its settings in a step's config ({@code twilio.accountSid}). */
public interface PhoneGatewayFactory extends ProviderFactory<PhoneGateway> {

    /** The settings an admin fills in (names without prefix); a step shows them as {@code <id>.<name>}. */
    List<ProviderConfigProperty> settings();

    /**
     * What is wrong with these settings for this channel (missing URL, bad template, no voice support...), or empty.
     * Admin-readable English.
     */
    Optional<String> problem(Map<String, String> settings, PhoneChannel channel);
}
