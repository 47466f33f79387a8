package dev.kcmfa.policy;

import java.util.Map;
import java.util.stream.Collectors;

import org.keycloak.models.GroupModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.provider.ProviderEvent;

/**
 * Policies are stored under the group's path ({@code mfa.policy.group:/staff/engineering}) or the user's id, and
 * follow what admins do to groups and users, in the same transaction: a group renamed or moved under another parent
 * takes its policy and its subgroups' to the new path; a deleted group or user takes its policies away, so that a
 * group made later under the same path does not inherit a policy nobody set for it. The console page's entries
 * follow along.
 */
final class PolicyKeysFollowGroupsAndUsers {

    private PolicyKeysFollowGroupsAndUsers() {
    }

    static void onEvent(ProviderEvent event) {
        if (event instanceof GroupModel.GroupPathChangeEvent change) {
            move(change.getRealm(), change.getPreviousPath(), change.getNewPath());
        } else if (event instanceof GroupModel.GroupRemovedEvent removed) {
            String scope = PolicyResolver.groupScope(KeycloakModelUtils.buildGroupPath(removed.getGroup()));
            storedUnder(removed.getRealm(), scope).keySet().forEach(s -> StoredPolicies.remove(removed.getRealm(), s));
        } else if (event instanceof UserModel.UserRemovedEvent removed) {
            String scope = PolicyResolver.userScope(removed.getUser().getId());
            if (removed.getRealm().getAttribute(PolicyResolver.attribute(scope)) != null) {
                StoredPolicies.remove(removed.getRealm(), scope);
            }
        }
    }

    static void move(RealmModel realm, String previousPath, String newPath) {
        String previousScope = PolicyResolver.groupScope(previousPath);
        String newScope = PolicyResolver.groupScope(newPath);
        storedUnder(realm, previousScope).forEach((scope, raw) -> {
            StoredPolicies.remove(realm, scope);
            StoredPolicies.store(realm, newScope + scope.substring(previousScope.length()), raw);
        });
    }

    /** The stored policies of a group's scope and of its subgroups' scopes, by scope. */
    private static Map<String, String> storedUnder(RealmModel realm, String groupScope) {
        String prefix = PolicyResolver.attribute("");
        return Map.copyOf(realm.getAttributes()).entrySet().stream()
                .filter(a -> a.getKey().startsWith(prefix))
                .filter(a -> {
                    String scope = a.getKey().substring(prefix.length());
                    return scope.equals(groupScope) || scope.startsWith(groupScope + "/");
                })
                .collect(Collectors.toMap(a -> a.getKey().substring(prefix.length()),
                        Map.Entry::getValue));
    }
}
