package dev.kcmfa.policy;

import java.util.Map;

import org.keycloak.models.GroupModel;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderEvent;

/**
 * Group policies are stored under the group's path ({@code mfa.policy.group:/staff/engineering}); when an admin
 * renames a group or moves it under another parent, Keycloak fires a path-change event and the policies of the
 * group and of its subgroups move to the new path, in the same transaction.
 */
final class PolicyKeysFollowGroupRenames {

    private PolicyKeysFollowGroupRenames() {
    }

    static void onEvent(ProviderEvent event) {
        if (event instanceof GroupModel.GroupPathChangeEvent change) {
            move(change.getRealm(), change.getPreviousPath(), change.getNewPath());
        }
    }

    static void move(RealmModel realm, String previousPath, String newPath) {
        String previousKey = PolicyResolver.attribute(PolicyResolver.groupScope(previousPath));
        String newKey = PolicyResolver.attribute(PolicyResolver.groupScope(newPath));
        for (Map.Entry<String, String> attribute : Map.copyOf(realm.getAttributes()).entrySet()) {
            String key = attribute.getKey();
            if (key.equals(previousKey) || key.startsWith(previousKey + "/")) {
                realm.removeAttribute(key);
                realm.setAttribute(newKey + key.substring(previousKey.length()), attribute.getValue());
            }
        }
    }
}
