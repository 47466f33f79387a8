package dev.kcmfa.device;

import java.util.List;

import dev.kcmfa.core.MfaConditionFactory;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

public class DeviceRememberedConditionFactory extends MfaConditionFactory {

    public static final String PROVIDER_ID = "mfa-condition-device-remembered";


    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Condition - device remembered";
    }

    @Override
    public String getHelpText() {
        return "Matches when the user ticked 'Remember this device' on an MFA page of this browser, within the "
                + "rememberDevice lifetime of the user's MFA policy, and no admin has reset the user's MFA or signed "
                + "the user out since. Negate it to run MFA only on browsers that are not remembered.";
    }

    @Override
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return withNegate(ProviderConfigurationBuilder.create(),
                "On: match when the browser is NOT remembered, to run MFA only there.").build();
    }

    @Override
    public ConditionalAuthenticator getSingleton() {
        return DeviceRememberedCondition.SINGLETON;
    }
}
