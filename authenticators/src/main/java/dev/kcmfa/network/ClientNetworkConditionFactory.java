package dev.kcmfa.network;

import java.util.List;

import dev.kcmfa.core.MfaConditionFactory;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

public class ClientNetworkConditionFactory extends MfaConditionFactory {

    public static final String PROVIDER_ID = "mfa-condition-client-network";


    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Condition - client network";
    }

    @Override
    public String getHelpText() {
        return "Matches when the client's address (from Keycloak's connection info, which honours the server's proxy "
                + "settings, never raw forwarding headers) is in trusted IPv4/IPv6 networks, and the user already "
                + "has an allowed second factor. Negate it to run MFA only outside trusted networks.";
    }

    @Override
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        ProviderConfigurationBuilder builder = ProviderConfigurationBuilder.create()
                .property().name(ClientNetworkCondition.CONF_SOURCE).label("Trusted networks from")
                .helpText("'policy': the trustedNetworks of the user's MFA policy (a user under several policies "
                        + "is trusted only where all of them trust). 'config': the list below.")
                .type(ProviderConfigProperty.LIST_TYPE)
                .options(ClientNetworkCondition.SOURCE_POLICY, ClientNetworkCondition.SOURCE_CONFIG)
                .defaultValue(ClientNetworkCondition.SOURCE_POLICY).add()
                .property().name(ClientNetworkCondition.CONF_NETWORKS).label("Networks")
                .helpText("IPv4 or IPv6 addresses and CIDR ranges, e.g. 10.0.0.0/8 or 2001:db8::/32. Used when "
                        + "'Trusted networks from' is 'config'. An unreadable entry makes the list trust nobody.")
                .type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE).add();
        return withNegate(builder,
                "On: match when the client is NOT in a trusted network, to run MFA everywhere else.").build();
    }

    @Override
    public ConditionalAuthenticator getSingleton() {
        return ClientNetworkCondition.SINGLETON;
    }
}
