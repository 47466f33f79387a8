package dev.kcmfa.flow;

import java.util.List;
import java.util.stream.Stream;

import dev.kcmfa.core.MfaConditionFactory;
import dev.kcmfa.core.MfaMethod;
import dev.kcmfa.core.MfaMethods;
import dev.kcmfa.totp.TotpMethod;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

public class MfaMethodConditionFactory extends MfaConditionFactory {

    public static final String PROVIDER_ID = "mfa-condition-method";

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Condition - MFA method";
    }

    @Override
    public String getHelpText() {
        return "For flows of your own built from the per-method steps (MFA - second factor needs none): matches "
                + "when the configured method is the one MFA - second factor would run first for this user. Start "
                + "one conditional sub-flow per method with it.";
    }

    @Override
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(MfaMethodCondition.CONF_METHOD).label("Method")
                .helpText("The method of the sub-flow this condition starts; 'none' matches when the user's policy "
                        + "allows no method this version has a step for: follow it with MFA - no usable method.")
                .type(ProviderConfigProperty.LIST_TYPE)
                .options(Stream.concat(MfaMethods.all().stream().map(MfaMethod::id),
                        Stream.of(MfaMethodCondition.NONE)).toList())
                .defaultValue(TotpMethod.TOTP.id()).add()
                .build();
    }

    @Override
    public ConditionalAuthenticator getSingleton() {
        return MfaMethodCondition.SINGLETON;
    }
}
