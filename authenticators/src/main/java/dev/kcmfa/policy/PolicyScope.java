package dev.kcmfa.policy;

import org.keycloak.models.GroupModel;

/**
 * A scope as it is stored ({@code stored}: the realm attribute is {@code mfa.policy.<stored>}) and as people name
 * it ({@code shown}): a group's policy is stored under {@code group-id:<id>} and shown as {@code group:/its/path}.
 * {@code groupId} and {@code groupPath} are null for other scopes.
 */
record PolicyScope(String stored, String shown, String groupId, String groupPath) {

    static PolicyScope of(String scope) {
        return new PolicyScope(scope, scope, null, null);
    }

    static PolicyScope of(GroupModel group) {
        String path = GroupPaths.pathOf(group);
        return new PolicyScope(PolicyResolver.groupIdScope(group.getId()), PolicyResolver.groupScope(path),
                group.getId(), path);
    }

    String attribute() {
        return PolicyResolver.attribute(stored);
    }
}
