package dev.kcmfa.email;

import dev.kcmfa.core.CodeSettings;
import dev.kcmfa.core.StepConfig;
import dev.kcmfa.core.UserSendLimit;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.AuthenticatorConfigModel;

/** The email step's execution config (see {@link StepConfig} for how bad values are handled). */
record EmailCodeSettings(int length, int resendCooldownSeconds, int maxSends, int sendsPerAddressPerHour,
        int sendsPerHour, boolean magicLink, boolean verifyFirst) {

    static final String CONF_LENGTH = "codeLength";
    static final String CONF_RESEND_COOLDOWN = "resendCooldownSeconds";
    static final String CONF_MAX_SENDS = "maxSendsPerLogin";
    static final String CONF_SENDS_PER_ADDRESS_PER_HOUR = "maxSendsPerUserAndAddressPerHour";
    static final String CONF_SENDS_PER_HOUR = "maxSendsPerUserPerHour";
    static final String CONF_MAGIC_LINK = "magicLink";
    static final String CONF_UNVERIFIED = "unverifiedAddress";
    static final String UNVERIFIED_REFUSE = "refuse";
    static final String UNVERIFIED_VERIFY_FIRST = "verify first";

    static final EmailCodeSettings DEFAULTS = new EmailCodeSettings(6, 30, 5, 10, 30, false, false);

    static EmailCodeSettings of(AuthenticatorConfigModel model) {
        StepConfig config = StepConfig.of("Email code", model);
        return new EmailCodeSettings(
                config.number(CONF_LENGTH, 4, 10, DEFAULTS.length),
                config.number(CONF_RESEND_COOLDOWN, 0, 3600, DEFAULTS.resendCooldownSeconds),
                config.number(CONF_MAX_SENDS, 1, 20, DEFAULTS.maxSends),
                config.number(CONF_SENDS_PER_ADDRESS_PER_HOUR, 1, 100, DEFAULTS.sendsPerAddressPerHour),
                config.number(CONF_SENDS_PER_HOUR, 1, 300, DEFAULTS.sendsPerHour),
                Boolean.parseBoolean(config.text(CONF_MAGIC_LINK)),
                UNVERIFIED_VERIFY_FIRST.equals(config.text(CONF_UNVERIFIED)));
    }

    CodeSettings code() {
        return new CodeSettings(length, resendCooldownSeconds, maxSends);
    }

    /**
     * The user's allowance of emails from this step for this client address, within the user's ceiling across all
     * addresses, counted across logins and nodes: codes and verification mails draw on the same one.
     */
    UserSendLimit sendLimit(AuthenticationFlowContext context) {
        return UserSendLimit.of(context.getSession(), context.getRealm(), context.getUser(), "email",
                resendCooldownSeconds, sendsPerAddressPerHour, sendsPerHour);
    }
}
