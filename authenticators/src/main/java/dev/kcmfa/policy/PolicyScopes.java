package dev.kcmfa.policy;

import java.util.regex.Pattern;

import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.ErrorResponse;

/** Which scopes a policy may be stored under, checked before the admin API writes one. */
final class PolicyScopes {

    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@" + DOMAIN.pattern());

    private PolicyScopes() {
    }

    static void requireKnown(KeycloakSession session, RealmModel realm, String scope) {
        if (PolicyResolver.DEFAULT_SCOPE.equals(scope)) {
            return;
        }
        if (scope.startsWith(PolicyResolver.GROUP_SCOPE_PREFIX)) {
            String path = scope.substring(PolicyResolver.GROUP_SCOPE_PREFIX.length());
            if (KeycloakModelUtils.findGroupByPath(session, realm, path) == null) {
                throw ErrorResponse.error("No group at path " + path, Response.Status.NOT_FOUND);
            }
        } else if (scope.startsWith(PolicyResolver.USER_SCOPE_PREFIX)) {
            String userId = scope.substring(PolicyResolver.USER_SCOPE_PREFIX.length());
            if (session.users().getUserById(realm, userId) == null) {
                throw ErrorResponse.error("No user with id " + userId, Response.Status.NOT_FOUND);
            }
        } else if (scope.startsWith(PolicyResolver.EMAIL_SCOPE_PREFIX)) {
            requireMatch(EMAIL, scope.substring(PolicyResolver.EMAIL_SCOPE_PREFIX.length()), "a lower-case email address");
        } else if (scope.startsWith(PolicyResolver.DOMAIN_SCOPE_PREFIX)) {
            requireMatch(DOMAIN, scope.substring(PolicyResolver.DOMAIN_SCOPE_PREFIX.length()), "a lower-case domain");
        } else {
            throw ErrorResponse.error("Unknown scope '" + scope
                    + "': use default, group:/path, user:<id>, email:<address> or domain:<domain>",
                    Response.Status.BAD_REQUEST);
        }
    }

    private static void requireMatch(Pattern pattern, String value, String expected) {
        if (!pattern.matcher(value).matches()) {
            throw ErrorResponse.error("'" + value + "' is not " + expected, Response.Status.BAD_REQUEST);
        }
    }
}
