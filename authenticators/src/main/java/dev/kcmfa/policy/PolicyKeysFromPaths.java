package dev.kcmfa.policy;

import java.util.List;

import org.jboss.logging.Logger;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Realm import files (the demo realm, an admin's own) name a group's policy by path, {@code mfa.policy.group:/staff},
 * and name addresses as people type them. Once, when a realm is imported and at every start-up (for attributes an
 * admin wrote raw in between), each such policy is tied to its group's id, and email and domain scopes are
 * lower-cased, as the resolver reads them. A path that names several groups, or none, is left as it is and logged:
 * the resolver then requires MFA of every member of a group at that path, so nobody loses MFA silently.
 */
final class PolicyKeysFromPaths {

    private static final Logger LOG = Logger.getLogger(PolicyKeysFromPaths.class);

    private PolicyKeysFromPaths() {
    }

    static void tieToGroups(KeycloakSession session, RealmModel realm) {
        StoredPolicies.all(realm).forEach((scope, raw) -> {
            if (scope.startsWith(PolicyResolver.GROUP_SCOPE_PREFIX)) {
                tieToGroup(session, realm, scope, raw);
            } else if (scope.startsWith(PolicyResolver.EMAIL_SCOPE_PREFIX)
                    || scope.startsWith(PolicyResolver.DOMAIN_SCOPE_PREFIX)) {
                lowerCase(session, realm, scope, raw);
            }
        });
    }

    private static void tieToGroup(KeycloakSession session, RealmModel realm, String scope, String raw) {
        String path = scope.substring(PolicyResolver.GROUP_SCOPE_PREFIX.length());
        List<GroupModel> groups = GroupPaths.groupsAt(session, realm, path);
        if (groups.size() != 1) {
            LOG.errorf("Realm '%s': MFA policy %s names %d groups, not one; members of any group at %s must pass"
                            + " MFA until an admin stores the policy by group id (admin API, scope group-id:<id>)"
                            + " and removes this attribute", realm.getName(), PolicyResolver.attribute(scope),
                    groups.size(), path);
            return;
        }
        move(session, realm, scope, PolicyScope.of(groups.get(0)), raw);
    }

    private static void lowerCase(KeycloakSession session, RealmModel realm, String scope, String raw) {
        try {
            PolicyScope normal = PolicyScopes.resolve(session, realm, scope);
            if (!normal.stored().equals(scope)) {
                move(session, realm, scope, normal, raw);
            }
        } catch (PolicyScopes.Refused e) {
            LOG.warnf("Realm '%s': MFA policy %s applies to nobody: %s", realm.getName(),
                    PolicyResolver.attribute(scope), e.getMessage());
        }
    }

    private static void move(KeycloakSession session, RealmModel realm, String from, PolicyScope to, String raw) {
        String existing = StoredPolicies.raw(realm, to.stored());
        if (existing != null && !existing.equals(raw)) {
            LOG.errorf("Realm '%s': MFA policies %s and %s are both for %s and differ; %s is kept, the other is left"
                            + " for an admin to remove", realm.getName(), PolicyResolver.attribute(from),
                    to.attribute(), to.shown(), to.attribute());
            return;
        }
        StoredPolicies.remove(session, realm, from);
        StoredPolicies.store(session, realm, to, raw);
        LOG.infof("Realm '%s': MFA policy %s is now stored as %s (%s)", realm.getName(),
                PolicyResolver.attribute(from), to.attribute(), to.shown());
    }
}
