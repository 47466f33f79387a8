package dev.kcmfa.policy;

import org.keycloak.events.admin.OperationType;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderEvent;

/**
 * Policies are stored under the group's id or the user's id, so renaming or moving a group changes nothing a login
 * reads (the console page's entries only show the new path). Deleting a group or user takes exactly its own policy
 * away, in the same transaction and as an admin event naming the scope; a group's subgroups are deleted one by one,
 * each with its own event. A look-alike group (same path, other id) neither gets nor takes a policy. Imported
 * realms, and at start-up every realm, get the policies their files name by path tied to group ids.
 */
final class PolicyKeysFollowGroupsAndUsers {

    private PolicyKeysFollowGroupsAndUsers() {
    }

    static void onEvent(ProviderEvent event) {
        if (event instanceof GroupModel.GroupPathChangeEvent change) {
            showNewPaths(change.getKeycloakSession(), change.getRealm(), change.getGroup());
        } else if (event instanceof GroupModel.GroupRemovedEvent removed) {
            removeOwnPolicy(removed.getKeycloakSession(), removed.getRealm(), PolicyScope.of(removed.getGroup()),
                    "group " + GroupPaths.pathOf(removed.getGroup()) + " deleted");
        } else if (event instanceof UserModel.UserRemovedEvent removed) {
            removeOwnPolicy(removed.getKeycloakSession(), removed.getRealm(),
                    PolicyScope.of(PolicyResolver.userScope(removed.getUser().getId())),
                    "user " + removed.getUser().getUsername() + " deleted");
            EffectivePolicyPage.refresh(removed.getKeycloakSession(), removed.getRealm(), removed.getUser().getId());
        } else if (event instanceof GroupModel.GroupMemberJoinEvent joined) {
            EffectivePolicyPage.refresh(joined.getKeycloakSession(), joined.getRealm(), joined.getUser().getId());
        } else if (event instanceof GroupModel.GroupMemberLeaveEvent left) {
            EffectivePolicyPage.refresh(left.getKeycloakSession(), left.getRealm(), left.getUser().getId());
        } else if (event instanceof RealmModel.RealmPostCreateEvent created) {
            tieImportedPolicies(created.getKeycloakSession(), created.getCreatedRealm());
        } else if (event instanceof PostMigrationEvent started) {
            KeycloakModelUtils.runJobInTransaction(started.getFactory(), session -> session.realms().getRealmsStream()
                    .forEach(realm -> tieImportedPolicies(session, realm)));
        }
    }

    private static void removeOwnPolicy(KeycloakSession session, RealmModel realm, PolicyScope scope, String cause) {
        if (StoredPolicies.raw(realm, scope.stored()) != null) {
            StoredPolicies.remove(session, realm, scope.stored());
            PolicyChangeEvents.recordForRequest(session, realm, OperationType.DELETE, scope, null, cause);
        }
    }

    /** The console page's entries of the group and its subgroups show the paths as they are now. */
    private static void showNewPaths(KeycloakSession session, RealmModel realm, GroupModel moved) {
        for (GroupModel group : PolicyConsolePage.groupsWithEntriesWithin(session, realm, moved)) {
            PolicyScope scope = PolicyScope.of(group);
            String raw = StoredPolicies.raw(realm, scope.stored());
            if (raw != null) {
                StoredPolicies.store(session, realm, scope, raw);
            }
        }
    }

    /**
     * Runs with the realm as the session's: at start-up (and in {@code kc.sh import} or {@code export}) no request
     * bound one, and Keycloak's user cache, which the console page's rows read a per-user policy's user through,
     * refuses a session without a realm; the context's realm is put back.
     */
    private static void tieImportedPolicies(KeycloakSession session, RealmModel realm) {
        RealmModel bound = session.getContext().getRealm();
        session.getContext().setRealm(realm);
        try {
            PolicyKeysFromPaths.tieToGroups(session, realm);
            PolicyConsolePage.addMissingEntries(session, realm);
        } finally {
            session.getContext().setRealm(bound);
        }
    }
}
