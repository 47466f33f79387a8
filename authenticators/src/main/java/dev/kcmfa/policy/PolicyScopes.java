package dev.kcmfa.policy;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import jakarta.ws.rs.core.Response;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.ErrorResponse;

/**
 * The scopes people name ({@code default}, {@code group:/staff}, {@code group-id:<id>}, {@code user:<id>},
 * {@code email:<address>}, {@code domain:<domain>}) and the scope each is stored under. A group's policy is stored
 * under the group's id ({@code group-id:<id>}), never under its path: another group can take a path (Keycloak 26.7
 * allows {@code /} in group names), so a path naming several groups is refused rather than guessed.
 */
final class PolicyScopes {

    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@" + DOMAIN.pattern());

    /** Why a named scope cannot hold a policy, with the HTTP status the admin API answers. */
    static final class Refused extends Exception {

        private final Response.Status status;

        Refused(Response.Status status, String message) {
            super(message);
            this.status = status;
        }

        Response.Status status() {
            return status;
        }
    }

    private PolicyScopes() {
    }

    /** For the admin API: the scope, or a 400 or 404 error response naming the problem. */
    static PolicyScope requireKnown(KeycloakSession session, RealmModel realm, String scope) {
        try {
            return resolve(session, realm, scope);
        } catch (Refused e) {
            throw ErrorResponse.error(e.getMessage(), e.status());
        }
    }

    static PolicyScope resolve(KeycloakSession session, RealmModel realm, String scope) throws Refused {
        if (PolicyResolver.DEFAULT_SCOPE.equals(scope)) {
            return PolicyScope.of(scope);
        }
        if (scope.startsWith(PolicyResolver.GROUP_SCOPE_PREFIX)) {
            return group(session, realm, scope.substring(PolicyResolver.GROUP_SCOPE_PREFIX.length()));
        }
        if (scope.startsWith(PolicyResolver.GROUP_ID_SCOPE_PREFIX)) {
            String groupId = scope.substring(PolicyResolver.GROUP_ID_SCOPE_PREFIX.length());
            GroupModel group = session.groups().getGroupById(realm, groupId);
            if (group == null) {
                throw new Refused(Response.Status.NOT_FOUND, "No group with id " + groupId);
            }
            return PolicyScope.of(group);
        }
        if (scope.startsWith(PolicyResolver.USER_SCOPE_PREFIX)) {
            String userId = scope.substring(PolicyResolver.USER_SCOPE_PREFIX.length());
            if (session.users().getUserById(realm, userId) == null) {
                throw new Refused(Response.Status.NOT_FOUND, "No user with id " + userId);
            }
            return PolicyScope.of(scope);
        }
        if (scope.startsWith(PolicyResolver.EMAIL_SCOPE_PREFIX)) {
            return lowerCase(EMAIL, PolicyResolver.EMAIL_SCOPE_PREFIX, scope, "an email address");
        }
        if (scope.startsWith(PolicyResolver.DOMAIN_SCOPE_PREFIX)) {
            return lowerCase(DOMAIN, PolicyResolver.DOMAIN_SCOPE_PREFIX, scope, "a domain");
        }
        throw new Refused(Response.Status.BAD_REQUEST, "Unknown scope '" + scope
                + "': use default, group:/path, group-id:<id>, user:<id>, email:<address> or domain:<domain>");
    }

    /** Whether {@code scope} names this group, alone or (an ambiguous path) among others. */
    static boolean names(KeycloakSession session, RealmModel realm, String scope, GroupModel group) {
        if (scope.equals(PolicyResolver.groupIdScope(group.getId()))) {
            return true;
        }
        return scope.startsWith(PolicyResolver.GROUP_SCOPE_PREFIX)
                && GroupPaths.groupsAt(session, realm, scope.substring(PolicyResolver.GROUP_SCOPE_PREFIX.length()))
                .stream().anyMatch(g -> g.getId().equals(group.getId()));
    }

    /** How people see a stored scope: a group by its path, while it exists. */
    static PolicyScope stored(KeycloakSession session, RealmModel realm, String storedScope) {
        if (storedScope.startsWith(PolicyResolver.GROUP_ID_SCOPE_PREFIX)) {
            GroupModel group = session.groups().getGroupById(realm,
                    storedScope.substring(PolicyResolver.GROUP_ID_SCOPE_PREFIX.length()));
            if (group != null) {
                return PolicyScope.of(group);
            }
        }
        return PolicyScope.of(storedScope);
    }

    private static PolicyScope group(KeycloakSession session, RealmModel realm, String path) throws Refused {
        List<GroupModel> groups = GroupPaths.groupsAt(session, realm, path);
        if (groups.isEmpty()) {
            throw new Refused(Response.Status.NOT_FOUND, "No group at path " + path);
        }
        if (groups.size() > 1) {
            throw new Refused(Response.Status.BAD_REQUEST, groups.size() + " groups have the path " + path
                    + " (group names may contain '/'): name the group by its id, group-id:<id>");
        }
        return PolicyScope.of(groups.get(0));
    }

    /** The resolver compares lower-cased addresses, so they are stored lower-cased. */
    private static PolicyScope lowerCase(Pattern pattern, String prefix, String scope, String expected)
            throws Refused {
        String value = scope.substring(prefix.length()).toLowerCase(Locale.ROOT);
        if (!pattern.matcher(value).matches()) {
            throw new Refused(Response.Status.BAD_REQUEST, "'" + scope.substring(prefix.length()) + "' is not "
                    + expected);
        }
        return PolicyScope.of(prefix + value);
    }
}
