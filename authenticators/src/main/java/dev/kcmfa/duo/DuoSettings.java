package dev.kcmfa.duo;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import dev.kcmfa.core.StepConfig;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * The Duo steps' execution config (see {@link StepConfig} for how bad numbers are handled). Missing credentials are
 * not guessed around: {@link #problem()} names them and the step fails closed with a clear page.
 */
record DuoSettings(String clientId, String clientSecret, String apiHost, String baseUrl, String usernameFormat,
                   String usernameAttribute, List<String> challengeGroups, List<String> skipGroups,
                   List<String> skipClients, boolean failOpen, String ikey, String skey, int directGrantWaitSeconds,
                   int timeoutSeconds) {

    static final String CONF_CLIENT_ID = "clientId";
    static final String CONF_CLIENT_SECRET = "clientSecret";
    static final String CONF_API_HOST = "apiHost";
    static final String CONF_BASE_URL = "apiBaseUrl";
    static final String CONF_USERNAME_FORMAT = "usernameFormat";
    static final String CONF_USERNAME_ATTRIBUTE = "usernameAttribute";
    static final String CONF_CHALLENGE_GROUPS = "challengeGroups";
    static final String CONF_SKIP_GROUPS = "skipGroups";
    static final String CONF_SKIP_CLIENTS = "skipClients";
    static final String CONF_FAIL_MODE = "failMode";
    static final String CONF_IKEY = "authApiIntegrationKey";
    static final String CONF_SKEY = "authApiSecretKey";
    static final String CONF_DIRECT_GRANT_WAIT = "directGrantWaitSeconds";
    static final String CONF_TIMEOUT = "timeoutSeconds";
    static final String FAIL_CLOSED = "closed";
    static final String FAIL_OPEN = "open";

    static DuoSettings of(AuthenticatorConfigModel model) {
        StepConfig config = StepConfig.of("Duo", model);
        String host = config.text(CONF_API_HOST);
        String base = config.text(CONF_BASE_URL);
        return new DuoSettings(config.text(CONF_CLIENT_ID), config.text(CONF_CLIENT_SECRET), host,
                (base.isEmpty() ? "https://" + host : base).replaceAll("/+$", ""),
                config.text(CONF_USERNAME_FORMAT).isEmpty() ? "%s" : config.text(CONF_USERNAME_FORMAT),
                config.text(CONF_USERNAME_ATTRIBUTE), list(config, CONF_CHALLENGE_GROUPS),
                list(config, CONF_SKIP_GROUPS), list(config, CONF_SKIP_CLIENTS),
                FAIL_OPEN.equals(config.text(CONF_FAIL_MODE)), config.text(CONF_IKEY), config.text(CONF_SKEY),
                config.number(CONF_DIRECT_GRANT_WAIT, 5, 120, 60), config.number(CONF_TIMEOUT, 1, 30, 5));
    }

    /** What is missing for the browser step (Universal Prompt), if anything. */
    Optional<String> promptProblem() {
        return missing(CONF_CLIENT_ID, clientId, CONF_CLIENT_SECRET, clientSecret, CONF_API_HOST, apiHost)
                .or(this::baseUrlProblem);
    }

    /** What is missing for the direct-grant step (Auth API), if anything. */
    Optional<String> authApiProblem() {
        return missing(CONF_IKEY, ikey, CONF_SKEY, skey, CONF_API_HOST, apiHost).or(this::baseUrlProblem);
    }

    /** The base URL must name an http(s) host: anything else could never reach Duo and must not count as "down". */
    private Optional<String> baseUrlProblem() {
        try {
            URI uri = new URI(baseUrl);
            if (("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null) {
                return Optional.empty();
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        return Optional.of("the API base URL '" + baseUrl + "' is not an http(s) URL with a host");
    }

    /** The name Duo knows the user by: the format with {@code %s} replaced by the username or the chosen attribute. */
    Optional<String> duoUsername(UserModel user) {
        String name = usernameAttribute.isEmpty() ? user.getUsername() : user.getFirstAttribute(usernameAttribute);
        return Optional.ofNullable(name).filter(n -> !n.isBlank()).map(n -> usernameFormat.replace("%s", n));
    }

    static List<ProviderConfigProperty> properties(boolean directGrant) {
        ProviderConfigurationBuilder builder = ProviderConfigurationBuilder.create();
        if (directGrant) {
            text(builder, CONF_IKEY, "Auth API integration key", "Of a Duo 'Auth API' application.", false);
            text(builder, CONF_SKEY, "Auth API secret key", "Of the same application.", true);
        } else {
            text(builder, CONF_CLIENT_ID, "Client ID", "Of a Duo 'Web SDK' application.", false);
            text(builder, CONF_CLIENT_SECRET, "Client secret", "Of the same application.", true);
        }
        text(builder, CONF_API_HOST, "API hostname", "e.g. api-12345678.duosecurity.com", false);
        text(builder, CONF_BASE_URL, "API base URL", "Only for tests and proxies; default https://<API hostname>.",
                false);
        text(builder, CONF_USERNAME_FORMAT, "Username format", "How Duo names the user; %s is the Keycloak username "
                + "(or the attribute below), e.g. %s@example.org. Default %s.", false);
        text(builder, CONF_USERNAME_ATTRIBUTE, "Username attribute", "A user attribute to use instead of the "
                + "username, e.g. duoUsername.", false);
        entries(builder, CONF_CHALLENGE_GROUPS, "Groups to challenge", "Group paths, one per entry, e.g. "
                + "/staff; empty: everyone who reaches this step. Subgroups count.");
        entries(builder, CONF_SKIP_GROUPS, "Groups to skip", "Group paths, one per entry, never sent to Duo.");
        entries(builder, CONF_SKIP_CLIENTS, "Clients to skip", "Client IDs, one per entry, for which Duo is not "
                + "asked (per-client override).");
        builder.property().name(CONF_FAIL_MODE).label("When Duo is unreachable")
                .helpText("closed (default): the login is refused with a clear page. open: the login continues "
                        + "without Duo and an event says so each time. Only for no connection, a time-out or an "
                        + "HTTP 5xx at the first call; every answer Duo gives (4xx errors included) is obeyed.")
                .type(ProviderConfigProperty.LIST_TYPE).options(FAIL_CLOSED, FAIL_OPEN).defaultValue(FAIL_CLOSED).add();
        number(builder, CONF_TIMEOUT, "Time-out (seconds)", "For connecting to Duo and for each answer: 1 to 30; "
                + "default 5. No answer in time counts as Duo unreachable.");
        if (directGrant) {
            number(builder, CONF_DIRECT_GRANT_WAIT, "Wait for Duo Push (seconds)", "5 to 120; default 60.");
        }
        return builder.build();
    }

    private static void text(ProviderConfigurationBuilder builder, String name, String label, String help,
                             boolean secret) {
        builder.property().name(name).label(label).helpText(help).type(ProviderConfigProperty.STRING_TYPE)
                .secret(secret).add();
    }

    private static void number(ProviderConfigurationBuilder builder, String name, String label, String help) {
        builder.property().name(name).label(label).helpText(help).type(ProviderConfigProperty.INTEGER_TYPE).add();
    }

    /**
     * A list the flow editor shows as one field per entry (stored joined by "##"). Keycloak's group and client
     * pickers take one value, so they cannot hold these lists.
     */
    private static void entries(ProviderConfigurationBuilder builder, String name, String label, String help) {
        builder.property().name(name).label(label).helpText(help)
                .type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE).add();
    }

    private static Optional<String> missing(String... namesAndValues) {
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1].isEmpty()) {
                return Optional.of("the setting '" + namesAndValues[i] + "' is empty");
            }
        }
        return Optional.empty();
    }

    /** The entries of a list field, as the flow editor stores them, or separated by commas as before. */
    private static List<String> list(StepConfig config, String key) {
        return config.entries(key).stream().flatMap(e -> Arrays.stream(e.split(","))).map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
    }
}
