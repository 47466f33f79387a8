package dev.kcmfa.yubikey;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import dev.kcmfa.core.StepConfig;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * The YubiKey step's execution config (see {@link StepConfig} for bad numbers). Missing or unusable credentials are
 * not guessed around: {@link #problem()} names them and the step fails closed. The API key is required: without it
 * the validation server's answer could not be told from a forged one.
 */
record YubiKeySettings(String clientId, String secretKey, List<String> validationUrls, int timeoutSeconds) {

    static final String CONF_CLIENT_ID = "clientId";
    static final String CONF_SECRET_KEY = "secretKey";
    static final String CONF_VALIDATION_URLS = "validationUrls";
    static final String CONF_TIMEOUT = "timeoutSeconds";
    static final String DEFAULT_URL = "https://api.yubico.com/wsapi/2.0/verify";
    static final int DEFAULT_TIMEOUT = 5;

    static YubiKeySettings of(AuthenticatorConfigModel model) {
        StepConfig config = StepConfig.of("YubiKey", model);
        List<String> urls = config.entries(CONF_VALIDATION_URLS);
        return new YubiKeySettings(config.text(CONF_CLIENT_ID), config.text(CONF_SECRET_KEY),
                urls.isEmpty() ? List.of(DEFAULT_URL) : urls, config.number(CONF_TIMEOUT, 1, 30, DEFAULT_TIMEOUT));
    }

    /** What keeps the step from asking a validation server, if anything (fit for the log: never the key). */
    Optional<String> problem() {
        if (clientId.isEmpty()) {
            return Optional.of("the setting '" + CONF_CLIENT_ID + "' is empty");
        }
        if (apiKey().length == 0) {
            return Optional.of("the setting '" + CONF_SECRET_KEY + "' is empty or not Base64");
        }
        return validationUrls.stream().filter(u -> !httpUrl(u)).findFirst()
                .map(u -> "the validation URL '" + u + "' is not an http(s) URL with a host");
    }

    /** The API key, Base64 in the settings as Yubico hands it out; empty when unusable. */
    byte[] apiKey() {
        try {
            return Base64.getDecoder().decode(secretKey);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private static boolean httpUrl(String url) {
        try {
            URI uri = new URI(url);
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    static List<ProviderConfigProperty> properties() {
        return ProviderConfigurationBuilder.create()
                .property().name(CONF_CLIENT_ID).label("Client ID")
                .helpText("The client id of a Yubico API key (https://upgrade.yubico.com/getapikey/) or of your "
                        + "own validation server.").type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(CONF_SECRET_KEY).label("Secret key")
                .helpText("The API key that goes with the client id, Base64. Signs the requests and checks the "
                        + "answers' signatures.").type(ProviderConfigProperty.STRING_TYPE).secret(true).add()
                .property().name(CONF_VALIDATION_URLS).label("Validation URLs")
                .helpText("Validation servers (protocol 2.0), tried in order when one cannot be reached; default "
                        + DEFAULT_URL + ".").type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE).add()
                .property().name(CONF_TIMEOUT).label("Time-out (seconds)")
                .helpText("For connecting to a validation server and for its answer: 1 to 30; default 5. No "
                        + "server answering in time refuses the login (fail closed).")
                .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(Integer.toString(DEFAULT_TIMEOUT)).add()
                .build();
    }
}
