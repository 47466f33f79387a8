package dev.kcmfa.core;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * The one convention for a method's settings in the config of the step "MFA - second factor": each setting is
 * named {@code <method>.<setting>} ({@code push.fcmServiceAccount}, {@code duo.clientId}), so methods never clash
 * over a name ({@code directGrantWaitSeconds} is push's and Duo's). A method's own step reads the same settings
 * without the prefix: {@link #of} hands it exactly that view.
 */
public final class MethodConfig {

    /** The provider id of the step "MFA - second factor", whose config holds every method's settings. */
    public static final String SECOND_FACTOR_STEP = "mfa-second-factor";

    private MethodConfig() {
    }

    /** The config key of a method's setting in the step "MFA - second factor". */
    public static String key(MfaMethod method, String setting) {
        return method.id() + "." + setting;
    }

    /**
     * A setting shown under a longer name: {@code name} becomes {@code <prefix>.name}, its label begins with
     * {@code <prefix>: }; the rest is the same setting.
     */
    public static ProviderConfigProperty prefixed(String prefix, ProviderConfigProperty property) {
        ProviderConfigProperty copy = new ProviderConfigProperty(prefix + "." + property.getName(),
                prefix + ": " + property.getLabel(), property.getHelpText(), property.getType(),
                property.getDefaultValue(), property.isSecret());
        copy.setOptions(property.getOptions());
        copy.setReadOnly(property.isReadOnly());
        copy.setRequired(property.isRequired());
        return copy;
    }

    /** The method's settings out of the second-factor step's config, named as the method's own step names them. */
    public static AuthenticatorConfigModel of(AuthenticatorConfigModel stepConfig, MfaMethod method) {
        if (stepConfig == null) {
            return null;
        }
        String prefix = key(method, "");
        Map<String, String> settings = new HashMap<>();
        Map<String, String> all = stepConfig.getConfig() == null ? Map.of() : stepConfig.getConfig();
        all.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                settings.put(key.substring(prefix.length()), value);
            }
        });
        AuthenticatorConfigModel view = new AuthenticatorConfigModel();
        view.setId(stepConfig.getId());
        view.setAlias(stepConfig.getAlias());
        view.setConfig(settings);
        return view;
    }

    /**
     * The method's settings in the realm's browser flow, for code that runs outside a step (a required action, an
     * endpoint): those of the step "MFA - second factor", else those of the method's own browser step, else null.
     */
    public static AuthenticatorConfigModel inBrowserFlow(RealmModel realm, MfaMethod method) {
        AuthenticationFlowModel browser = realm.getBrowserFlow();
        if (browser == null) {
            return null;
        }
        return stepConfig(realm, browser.getId(), SECOND_FACTOR_STEP).map(c -> of(c, method))
                .or(() -> stepConfig(realm, browser.getId(), method.steps().browser())).orElse(null);
    }

    private static Optional<AuthenticatorConfigModel> stepConfig(RealmModel realm, String flowId, String stepId) {
        return realm.getAuthenticationExecutionsStream(flowId)
                .map(e -> e.isAuthenticatorFlow() ? stepConfig(realm, e.getFlowId(), stepId)
                        : stepId.equals(e.getAuthenticator())
                                && e.getAuthenticatorConfig() != null
                                ? Optional.ofNullable(realm.getAuthenticatorConfigById(e.getAuthenticatorConfig()))
                                : Optional.<AuthenticatorConfigModel>empty())
                .flatMap(Optional::stream).findFirst();
    }
}
