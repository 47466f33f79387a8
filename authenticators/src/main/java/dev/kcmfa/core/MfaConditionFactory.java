package dev.kcmfa.core;

import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** Factory base of the bundle's flow conditions: required or disabled, like Keycloak's own conditions. */
public abstract class MfaConditionFactory extends MfaAuthenticatorFactory implements ConditionalAuthenticatorFactory {

    private static final Requirement[] REQUIREMENT_CHOICES = {Requirement.REQUIRED, Requirement.DISABLED};

    @Override
    public Requirement[] getRequirementChoices() {
        return REQUIREMENT_CHOICES;
    }

    /** Adds the "Negate output" switch read by {@link MfaCondition#answer}. */
    protected static ProviderConfigurationBuilder withNegate(ProviderConfigurationBuilder builder, String helpText) {
        return builder.property().name(MfaCondition.CONF_NEGATE).label("Negate output").helpText(helpText)
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue(false).add();
    }
}
