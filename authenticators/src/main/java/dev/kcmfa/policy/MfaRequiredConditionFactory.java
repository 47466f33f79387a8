package dev.kcmfa.policy;

import dev.kcmfa.core.MfaAuthenticatorFactory;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.KeycloakSessionFactory;

public class MfaRequiredConditionFactory extends MfaAuthenticatorFactory implements ConditionalAuthenticatorFactory {

    public static final String PROVIDER_ID = "mfa-condition-policy-required";

    private static final Requirement[] REQUIREMENT_CHOICES = {Requirement.REQUIRED, Requirement.DISABLED};

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Condition - MFA required by policy";
    }

    @Override
    public String getHelpText() {
        return "Runs the sub-flow when the user's MFA policy (realm attribute mfa.policy.default and "
                + "mfa.policy.group:/path, inherited down the group tree) requires a second factor, or makes it "
                + "optional and the user has enrolled an allowed one.";
    }

    @Override
    public ConditionalAuthenticator getSingleton() {
        return MfaRequiredCondition.SINGLETON;
    }

    @Override
    public Requirement[] getRequirementChoices() {
        return REQUIREMENT_CHOICES;
    }

    /** Installed with the policy condition: wherever policies are read, group renames must keep them attached. */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(PolicyKeysFollowGroupRenames::onEvent);
    }
}
