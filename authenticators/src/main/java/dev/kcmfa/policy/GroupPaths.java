package dev.kcmfa.policy;

import java.util.ArrayList;
import java.util.List;

import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Group paths as people and import files write them. Keycloak 26.7 allows {@code /} in group names, so one path can
 * name several groups: a top-level group {@code guests/vip} and the subgroup {@code vip} of {@code guests} are both
 * {@code /guests/vip}. {@link KeycloakModelUtils#findGroupByPath} returns one of them; this finds them all, so that a
 * caller can refuse to guess.
 */
final class GroupPaths {

    private GroupPaths() {
    }

    /** Every group whose path is {@code path}; the cost grows with the path's length, not with the realm's groups. */
    static List<GroupModel> groupsAt(KeycloakSession session, RealmModel realm, String path) {
        boolean escaped = KeycloakModelUtils.escapeSlashesInGroupPath(session);
        String[] names = KeycloakModelUtils.splitPath(path, escaped);
        List<GroupModel> found = new ArrayList<>();
        if (names.length > 0) {
            collect(session, realm, null, names, 0, escaped ? 1 : names.length, found);
        }
        return found;
    }

    static String pathOf(GroupModel group) {
        return KeycloakModelUtils.buildGroupPath(group);
    }

    /**
     * Tries every way of reading names[from..] as one name with slashes in it (up to {@code maxJoined} of the names;
     * 1 where the server escapes slashes in names, so that paths are unambiguous) followed by the rest of the path.
     */
    private static void collect(KeycloakSession session, RealmModel realm, GroupModel parent, String[] names, int from,
                                int maxJoined, List<GroupModel> found) {
        StringBuilder name = new StringBuilder();
        for (int last = from; last < Math.min(names.length, from + maxJoined); last++) {
            name.append(last > from ? "/" : "").append(names[last]);
            GroupModel group = session.groups().getGroupByName(realm, parent, name.toString());
            if (group == null) {
                continue;
            }
            if (last == names.length - 1) {
                found.add(group);
            } else {
                collect(session, realm, group, names, last + 1, maxJoined, found);
            }
        }
    }
}
