package dev.kcmfa.phone;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.kcmfa.core.CodeSettings;
import dev.kcmfa.core.StepConfig;
import dev.kcmfa.phone.gateway.GatewaySettings;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * A phone step's execution config (see {@link StepConfig} for bad numbers): the gateway that carries codes and its
 * own settings (named {@code <gateway>.<setting>}, e.g. {@code twilio.accountSid}), the countries numbers may come
 * from, and the limits on sending.
 */
record PhoneSettings(String gateway, Map<String, String> gatewaySettings, Set<String> regions, String defaultRegion,
        CodeSettings code, int sendsPerUserPerHour, int sendsPerNumberPerHour) {

    static final String CONF_GATEWAY = "gateway";
    static final String CONF_REGIONS = "allowedRegions";
    static final String CONF_DEFAULT_REGION = "defaultRegion";
    static final String CONF_LENGTH = "codeLength";
    static final String CONF_RESEND_COOLDOWN = "resendCooldownSeconds";
    static final String CONF_MAX_SENDS = "maxSendsPerLogin";
    static final String CONF_SENDS_PER_USER = "maxSendsPerUserPerHour";
    static final String CONF_SENDS_PER_NUMBER = "maxSendsPerNumberPerHour";

    static final PhoneSettings DEFAULTS = new PhoneSettings("", Map.of(), Set.of(), "",
            new CodeSettings(6, 30, 3), 10, 10);

    static PhoneSettings of(AuthenticatorConfigModel model) {
        StepConfig config = StepConfig.of("Phone", model);
        String gateway = config.text(CONF_GATEWAY);
        Map<String, String> gatewaySettings = gateway.isEmpty() || model == null ? Map.of()
                : GatewaySettings.forGateway(model.getConfig(), gateway);
        Set<String> regions = new LinkedHashSet<>();
        for (String region : config.text(CONF_REGIONS).split("[,\\s]+|##")) {
            if (!region.isBlank()) {
                regions.add(region.trim().toUpperCase(Locale.ROOT));
            }
        }
        CodeSettings code = new CodeSettings(
                config.number(CONF_LENGTH, 4, 10, DEFAULTS.code.length()),
                config.number(CONF_RESEND_COOLDOWN, 0, 3600, DEFAULTS.code.resendCooldownSeconds()),
                config.number(CONF_MAX_SENDS, 1, 10, DEFAULTS.code.maxSendsPerLogin()));
        return new PhoneSettings(gateway, Map.copyOf(gatewaySettings), Set.copyOf(regions),
                config.text(CONF_DEFAULT_REGION).toUpperCase(Locale.ROOT), code,
                config.number(CONF_SENDS_PER_USER, 1, 100, DEFAULTS.sendsPerUserPerHour),
                config.number(CONF_SENDS_PER_NUMBER, 1, 100, DEFAULTS.sendsPerNumberPerHour));
    }

    /** The step's own settings; the gateways' follow them ({@link PhoneStepFactory}). */
    static List<ProviderConfigProperty> properties(List<String> gateways) {
        return ProviderConfigurationBuilder.create()
                .property().name(CONF_GATEWAY).label("Gateway")
                .helpText("The service that sends the codes: " + String.join(", ", gateways) + ". Its settings are "
                        + "the ones named after it below.")
                .type(ProviderConfigProperty.LIST_TYPE).options(gateways).add()
                .property().name(CONF_REGIONS).label("Allowed countries")
                .helpText("ISO 3166 country codes of the numbers users may set up (e.g. DE, AT, CH); empty: all.")
                .type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(CONF_DEFAULT_REGION).label("Country of numbers typed without +")
                .helpText("ISO 3166 code (e.g. DE) for numbers typed in national form (0151 ...); empty: users "
                        + "type the number with its country code.").type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(CONF_LENGTH).label("Code length")
                .helpText("Digits in a code, 4 to 10.").type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(Integer.toString(DEFAULTS.code.length())).add()
                .property().name(CONF_RESEND_COOLDOWN).label("Resend cooldown (seconds)")
                .helpText("How long a user waits before asking for another code, 0 to 3600; also across logins.")
                .type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(Integer.toString(DEFAULTS.code.resendCooldownSeconds())).add()
                .property().name(CONF_MAX_SENDS).label("Codes per login")
                .helpText("How many codes one login may send, 1 to 10.").type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(Integer.toString(DEFAULTS.code.maxSendsPerLogin())).add()
                .property().name(CONF_SENDS_PER_USER).label("Codes per user per hour")
                .helpText("How many texts and calls one user may receive in an hour, across logins and cluster "
                        + "nodes, 1 to 100. Each one costs money: keep it low.")
                .type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(Integer.toString(DEFAULTS.sendsPerUserPerHour)).add()
                .property().name(CONF_SENDS_PER_NUMBER).label("Codes per number per hour")
                .helpText("How many texts and calls one number may receive in an hour whichever account asks, "
                        + "1 to 100: many accounts cannot flood one phone.")
                .type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(Integer.toString(DEFAULTS.sendsPerNumberPerHour)).add()
                .build();
    }
}
