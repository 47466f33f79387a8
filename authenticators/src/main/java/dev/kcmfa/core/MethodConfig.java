package dev.kcmfa.core;

import java.util.HashMap;
import java.util.Map;

import org.keycloak.models.AuthenticatorConfigModel;

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
}
