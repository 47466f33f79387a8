package dev.kcmfa.phone.gateway;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.kcmfa.core.MethodConfig;
import org.keycloak.provider.ProviderConfigProperty;

/** Reading a gateway's settings as an admin typed them: trimmed, absent as empty, URLs checked. */
public final class GatewaySettings {

    private GatewaySettings() {
    }

    /** The setting, trimmed; empty when absent. */
    public static String text(Map<String, String> settings, String name) {
        String value = settings == null ? null : settings.get(name);
        return value == null ? "" : value.trim();
    }

    public static String text(Map<String, String> settings, String name, String fallback) {
        String value = text(settings, name);
        return value.isEmpty() ? fallback : value;
    }

    /** Why this is not an absolute http(s) URL with a host, naming the setting; empty when it is one. */
    public static Optional<String> urlProblem(String name, String url) {
        if (url.isEmpty()) {
            return Optional.of(name + " is required");
        }
        try {
            URI uri = new URI(url);
            boolean web = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
            return web && uri.getHost() != null ? Optional.empty()
                    : Optional.of(name + " must be an http or https URL with a host");
        } catch (URISyntaxException e) {
            return Optional.of(name + " is not a valid URL: " + e.getReason());
        }
    }

    /** One gateway's settings out of a step's config: the entries named {@code <gatewayId>.<name>}, prefix removed. */
    public static Map<String, String> forGateway(Map<String, String> stepConfig, String gatewayId) {
        String prefix = gatewayId + ".";
        Map<String, String> settings = new HashMap<>();
        if (stepConfig != null) {
            stepConfig.forEach((name, value) -> {
                if (name.startsWith(prefix) && value != null) {
                    settings.put(name.substring(prefix.length()), value);
                }
            });
        }
        return settings;
    }

    /** A gateway's settings as a step's config shows them: copies named {@code <gatewayId>.<name>}. */
    public static List<ProviderConfigProperty> prefixed(PhoneGatewayFactory factory) {
        return factory.settings().stream().map(setting -> MethodConfig.prefixed(factory.getId(), setting)).toList();
    }

    /** A secret setting: the admin console masks it and Keycloak's exports leave it out. */
    public static ProviderConfigProperty secret(String name, String label, String help) {
        ProviderConfigProperty property = new ProviderConfigProperty(name, label, help,
                ProviderConfigProperty.PASSWORD, null);
        property.setSecret(true);
        return property;
    }

    public static ProviderConfigProperty property(String name, String label, String help, String type,
            Object defaultValue) {
        return new ProviderConfigProperty(name, label, help, type, defaultValue);
    }
}
