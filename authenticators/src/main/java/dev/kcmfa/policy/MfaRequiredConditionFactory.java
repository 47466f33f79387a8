package dev.kcmfa.policy;

import dev.kcmfa.core.MfaConditionFactory;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.models.KeycloakSessionFactory;

public class MfaRequiredConditionFactory extends MfaConditionFactory {

    public static final String PROVIDER_ID = "mfa-condition-policy-required";

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
        return "Runs the sub-flow when the user's MFA policy (realm attribute mfa.policy.default and one per "
                + "group, inherited down the group tree) requires a second factor, or makes it "
                + "optional and the user has enrolled an allowed one.";
    }

    @Override
    public ConditionalAuthenticator getSingleton() {
        return MfaRequiredCondition.SINGLETON;
    }

    /**
     * Installed with the policy condition: wherever policies are read, imported policies must be tied to their
     * groups' ids, and a deleted group or user must take its policy along.
     */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(PolicyKeysFollowGroupsAndUsers::onEvent);
    }
}
