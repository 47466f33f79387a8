package dev.kcmfa.flow;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.kcmfa.core.LoginStrength;
import org.keycloak.authentication.authenticators.conditional.ConditionalLoaAuthenticator;
import org.keycloak.authentication.authenticators.conditional.ConditionalLoaAuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.Constants;
import org.keycloak.models.RealmModel;

/**
 * The settings the installer gives the Keycloak steps of its flows that need some, by authenticator: the password
 * steps name themselves {@code pwd} in tokens' {@code amr}, and the browser's Level of Authentication condition
 * marks the password as level 1, so that an SSO session that passed it steps up to a second factor without typing it
 * again. A step that has settings of its own (an admin's) keeps them.
 */
final class StepSettings {

    /**
     * How long (s) a level and the password's reference last in the session: Keycloak's default for both (its LoA
     * condition's default, and its default longest SSO session).
     */
    private static final String MAX_AGE = String.valueOf(ConditionalLoaAuthenticator.DEFAULT_MAX_AGE);

    /** The settings of one kind of step, and the name they take after their flow's alias. */
    private record Settings(String name, Map<String, String> values) {
    }

    private static final Map<String, Settings> BY_AUTHENTICATOR = Map.of(
            "auth-username-password-form", passwordReference(),
            "direct-grant-validate-password", passwordReference(),
            ConditionalLoaAuthenticatorFactory.PROVIDER_ID, new Settings("level 1", ordered(
                    ConditionalLoaAuthenticator.LEVEL, String.valueOf(LoginStrength.PASSWORD),
                    ConditionalLoaAuthenticator.MAX_AGE, MAX_AGE)));

    private StepSettings() {
    }

    /** Named e.g. "mfa direct grant reference". */
    private static Settings passwordReference() {
        return new Settings("reference", ordered(Constants.AUTHENTICATION_EXECUTION_REFERENCE_VALUE, "pwd",
                Constants.AUTHENTICATION_EXECUTION_REFERENCE_MAX_AGE, MAX_AGE));
    }

    private static Map<String, String> ordered(String... namesAndValues) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            settings.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(settings);
    }

    /** The settings a step running {@code authenticator} gets; null for steps that need none. */
    static Map<String, String> of(String authenticator) {
        Settings settings = BY_AUTHENTICATOR.get(authenticator);
        return settings == null ? null : settings.values();
    }

    /** Whether this step needs settings and has none. */
    static boolean missing(AuthenticationExecutionModel execution) {
        return !execution.isAuthenticatorFlow() && of(execution.getAuthenticator()) != null
                && execution.getAuthenticatorConfig() == null;
    }

    /** Gives a step of the flow {@code flowAlias} its settings. */
    static void add(RealmModel realm, String flowAlias, AuthenticationExecutionModel execution) {
        AuthenticatorConfigModel config = new AuthenticatorConfigModel();
        Settings settings = BY_AUTHENTICATOR.get(execution.getAuthenticator());
        config.setAlias(flowAlias + " " + settings.name());
        config.setConfig(new LinkedHashMap<>(settings.values()));
        execution.setAuthenticatorConfig(realm.addAuthenticatorConfig(config).getId());
        realm.updateAuthenticatorExecution(execution);
    }
}
