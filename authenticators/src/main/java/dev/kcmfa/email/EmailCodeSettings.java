package dev.kcmfa.email;

import java.util.Map;

import org.jboss.logging.Logger;
import org.keycloak.models.AuthenticatorConfigModel;

/**
 * The email step's execution config, read defensively: Keycloak does not validate authenticator config, so a value
 * out of range falls back to the safe default and the server logs why.
 */
record EmailCodeSettings(int length, int resendCooldownSeconds, int maxSends, int sendsPerHour, boolean magicLink,
        boolean verifyFirst) {

    static final String CONF_LENGTH = "codeLength";
    static final String CONF_RESEND_COOLDOWN = "resendCooldownSeconds";
    static final String CONF_MAX_SENDS = "maxSendsPerLogin";
    static final String CONF_SENDS_PER_HOUR = "maxSendsPerUserPerHour";
    static final String CONF_MAGIC_LINK = "magicLink";
    static final String CONF_UNVERIFIED = "unverifiedAddress";
    static final String UNVERIFIED_REFUSE = "refuse";
    static final String UNVERIFIED_VERIFY_FIRST = "verify first";

    static final EmailCodeSettings DEFAULTS = new EmailCodeSettings(6, 30, 5, 10, false, false);

    private static final Logger LOG = Logger.getLogger(EmailCodeSettings.class);

    static EmailCodeSettings of(AuthenticatorConfigModel model) {
        Map<String, String> config = model == null || model.getConfig() == null ? Map.of() : model.getConfig();
        return new EmailCodeSettings(
                number(config, CONF_LENGTH, 4, 10, DEFAULTS.length),
                number(config, CONF_RESEND_COOLDOWN, 0, 3600, DEFAULTS.resendCooldownSeconds),
                number(config, CONF_MAX_SENDS, 1, 20, DEFAULTS.maxSends),
                number(config, CONF_SENDS_PER_HOUR, 1, 100, DEFAULTS.sendsPerHour),
                Boolean.parseBoolean(config.get(CONF_MAGIC_LINK)),
                UNVERIFIED_VERIFY_FIRST.equals(config.get(CONF_UNVERIFIED)));
    }

    private static int number(Map<String, String> config, String key, int min, int max, int fallback) {
        String raw = config.get(key);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        LOG.warnf("Email code step: '%s' = '%s' is not a whole number from %d to %d; using %d", key, raw, min, max,
                fallback);
        return fallback;
    }
}
