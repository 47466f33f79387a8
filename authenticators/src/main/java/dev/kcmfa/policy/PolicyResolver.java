package dev.kcmfa.policy;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

import org.jboss.logging.Logger;
import org.keycloak.models.GroupModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Works out the policy for a user from realm attributes: {@code mfa.policy.default} and one
 * {@code mfa.policy.group:/path/to/group} per group that has its own. Each group's fields inherit from its parent's,
 * up to the default; a user in several groups gets the strictest combination. The cost grows with the depth of the
 * user's groups, not with the number of groups in the realm.
 */
public final class PolicyResolver {

    public static final String DEFAULT_ATTRIBUTE = "mfa.policy.default";
    public static final String GROUP_ATTRIBUTE_PREFIX = "mfa.policy.group:";

    private static final Logger LOG = Logger.getLogger(PolicyResolver.class);

    private final RealmModel realm;

    public PolicyResolver(RealmModel realm) {
        this.realm = realm;
    }

    public static String groupAttribute(String groupPath) {
        return GROUP_ATTRIBUTE_PREFIX + groupPath;
    }

    public MfaPolicy resolve(UserModel user) {
        try {
            PolicyDocument realmDefault = read(DEFAULT_ATTRIBUTE);
            MfaPolicy result = null;
            for (GroupModel group : (Iterable<GroupModel>) user.getGroupsStream()::iterator) {
                MfaPolicy groupPolicy = MfaPolicy.complete(forGroup(group, realmDefault));
                result = result == null ? groupPolicy : result.strictest(groupPolicy);
            }
            return result != null ? result : MfaPolicy.complete(realmDefault);
        } catch (PolicyException e) {
            // A broken policy must never weaken MFA: require it, with every method allowed.
            LOG.warnf("Realm '%s' has an unreadable MFA policy (%s); requiring MFA until it is fixed",
                    realm.getName(), e.getMessage());
            return MfaPolicy.FAIL_CLOSED;
        }
    }

    private PolicyDocument forGroup(GroupModel group, PolicyDocument realmDefault) throws PolicyException {
        Deque<GroupModel> lineage = new ArrayDeque<>();
        for (GroupModel g = group; g != null; g = g.getParent()) {
            lineage.push(g);
        }
        PolicyDocument inherited = realmDefault;
        StringBuilder path = new StringBuilder();
        for (GroupModel g : lineage) {
            path.append('/').append(g.getName());
            inherited = read(groupAttribute(path.toString())).inheritFrom(inherited);
        }
        return inherited;
    }

    private PolicyDocument read(String attribute) throws PolicyException {
        Optional<String> raw = Optional.ofNullable(realm.getAttribute(attribute)).filter(s -> !s.isBlank());
        return raw.isPresent() ? PolicyDocument.parse(raw.get()) : PolicyDocument.EMPTY;
    }
}
