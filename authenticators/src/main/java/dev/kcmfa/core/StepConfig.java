package dev.kcmfa.core;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.Constants;

/**
 * Reads a step's execution config defensively: Keycloak does not validate authenticator config, so a value out of
 * range falls back to the safe default and the server log says which setting was ignored and why.
 */
public final class StepConfig {

    private static final Logger LOG = Logger.getLogger(StepConfig.class);

    private final String step;
    private final Map<String, String> values;

    private StepConfig(String step, Map<String, String> values) {
        this.step = step;
        this.values = values;
    }

    public static StepConfig of(String step, AuthenticatorConfigModel model) {
        return new StepConfig(step, model == null || model.getConfig() == null ? Map.of() : model.getConfig());
    }

    public String text(String key) {
        String value = values.get(key);
        return value == null ? "" : value.trim();
    }

    /** A list field of the flow editor (one entry per line, stored joined by Keycloak's "##"): its non-empty entries. */
    public List<String> entries(String key) {
        return Arrays.stream(text(key).split(Constants.CFG_DELIMITER)).map(String::trim).filter(e -> !e.isEmpty())
                .toList();
    }

    /** A checkbox of the flow editor: on only when it says {@code true}, so anything else leaves it off. */
    public boolean flag(String key) {
        return "true".equalsIgnoreCase(text(key));
    }

    /**
     * A link shown to users: absolute https with a host, or nothing (an empty setting, or a bad one, which the log
     * names). Other schemes ({@code http:}, {@code javascript:}) never reach a page.
     */
    public Optional<String> httpsLink(String key) {
        String raw = text(key);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(raw);
            if ("https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null && uri.getRawUserInfo() == null) {
                return Optional.of(uri.toASCIIString());
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        LOG.warnf("%s step: '%s' = '%s' is not an https:// link; not shown", step, key, raw);
        return Optional.empty();
    }

    public int number(String key, int min, int max, int fallback) {
        String raw = text(key);
        if (raw.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        LOG.warnf("%s step: '%s' = '%s' is not a whole number from %d to %d; using %d", step, key, raw, min, max,
                fallback);
        return fallback;
    }
}
