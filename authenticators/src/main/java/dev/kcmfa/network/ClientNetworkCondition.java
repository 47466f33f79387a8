package dev.kcmfa.network;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.kcmfa.core.MfaCondition;
import dev.kcmfa.core.MfaEvents;
import dev.kcmfa.policy.MfaPolicy;
import dev.kcmfa.policy.PolicyException;
import dev.kcmfa.policy.PolicyResolver;
import dev.kcmfa.policy.TrustedNetworks;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.Constants;
import org.keycloak.models.UserModel;

/**
 * "Condition - client network": matches when the client address is in trusted networks, taken from the user's MFA
 * policy or from this step's own list; negated, it runs MFA everywhere else. The address is Keycloak's own
 * connection info, so forwarding headers count only as far as the server's proxy settings say.
 * <p>
 * A trusted network counts only for users who already have an allowed method: a stolen password must not let
 * anyone from inside the network skip MFA and then enroll a factor of their own.
 */
public class ClientNetworkCondition extends MfaCondition {

    /** Its settings: where the trusted ranges come from (the policy, or this setting's own list). */
    static final String CONF_SOURCE = "source";
    static final String CONF_NETWORKS = "networks";
    static final String SOURCE_POLICY = "policy";
    static final String SOURCE_CONFIG = "config";

    static final ClientNetworkCondition SINGLETON = new ClientNetworkCondition();

    private static final Logger LOG = Logger.getLogger(ClientNetworkCondition.class);

    @Override
    public boolean matchCondition(AuthenticationFlowContext context) {
        return answer(context, clientIsTrusted(context, config(context)), MfaEvents.SKIPPED_TRUSTED_NETWORK);
    }

    private boolean clientIsTrusted(AuthenticationFlowContext context, Map<String, String> config) {
        UserModel user = context.getUser();
        if (user == null) {
            return false;
        }
        MfaPolicy policy = PolicyResolver.forRequest(context.getSession(), context.getRealm(), user);
        TrustedNetworks networks;
        try {
            networks = networks(config, policy);
        } catch (PolicyException e) {
            // Fail closed: a broken list trusts nobody.
            LOG.warnf("Realm '%s': the client network condition's list is unusable (%s); trusting no network",
                    context.getRealm().getName(), e.getMessage());
            context.getEvent().detail(MfaEvents.DETAIL_CONFIG_ERROR, e.getMessage());
            return false;
        }
        return networks.trusts(context.getConnection().getRemoteAddr()) && policy.hasEnrolledMethod(user);
    }

    private static TrustedNetworks networks(Map<String, String> config, MfaPolicy policy) throws PolicyException {
        if (!SOURCE_CONFIG.equals(config.get(CONF_SOURCE))) {
            return policy.trustedNetworks();
        }
        String ranges = config.getOrDefault(CONF_NETWORKS, "");
        List<String> list = Arrays.stream(ranges.split(Constants.CFG_DELIMITER)).map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
        return TrustedNetworks.parse(CONF_NETWORKS, list);
    }
}
