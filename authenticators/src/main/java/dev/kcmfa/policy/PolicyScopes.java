package dev.kcmfa.policy;

import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.ErrorResponse;

/** Which scopes a policy may be stored under, checked before the admin API or the console page writes one. */
final class PolicyScopes {

    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@" + DOMAIN.pattern());

    /** Why a scope cannot hold a policy, with the HTTP status the admin API answers. */
    record Problem(Response.Status status, String message) {
    }

    private PolicyScopes() {
    }

    /** For the admin API: a 400 or 404 error response naming the problem. */
    static void requireKnown(KeycloakSession session, RealmModel realm, String scope) {
        Optional<Problem> problem = problem(session, realm, scope);
        if (problem.isPresent()) {
            throw ErrorResponse.error(problem.get().message(), problem.get().status());
        }
    }

    static Optional<Problem> problem(KeycloakSession session, RealmModel realm, String scope) {
        if (PolicyResolver.DEFAULT_SCOPE.equals(scope)) {
            return Optional.empty();
        }
        if (scope.startsWith(PolicyResolver.GROUP_SCOPE_PREFIX)) {
            String path = scope.substring(PolicyResolver.GROUP_SCOPE_PREFIX.length());
            return KeycloakModelUtils.findGroupByPath(session, realm, path) == null
                    ? notFound("No group at path " + path) : Optional.empty();
        }
        if (scope.startsWith(PolicyResolver.USER_SCOPE_PREFIX)) {
            String userId = scope.substring(PolicyResolver.USER_SCOPE_PREFIX.length());
            return session.users().getUserById(realm, userId) == null
                    ? notFound("No user with id " + userId) : Optional.empty();
        }
        if (scope.startsWith(PolicyResolver.EMAIL_SCOPE_PREFIX)) {
            return mismatch(EMAIL, scope.substring(PolicyResolver.EMAIL_SCOPE_PREFIX.length()), "a lower-case email address");
        }
        if (scope.startsWith(PolicyResolver.DOMAIN_SCOPE_PREFIX)) {
            return mismatch(DOMAIN, scope.substring(PolicyResolver.DOMAIN_SCOPE_PREFIX.length()), "a lower-case domain");
        }
        return Optional.of(new Problem(Response.Status.BAD_REQUEST, "Unknown scope '" + scope
                + "': use default, group:/path, user:<id>, email:<address> or domain:<domain>"));
    }

    private static Optional<Problem> notFound(String message) {
        return Optional.of(new Problem(Response.Status.NOT_FOUND, message));
    }

    private static Optional<Problem> mismatch(Pattern pattern, String value, String expected) {
        return pattern.matcher(value).matches() ? Optional.empty()
                : Optional.of(new Problem(Response.Status.BAD_REQUEST, "'" + value + "' is not " + expected));
    }
}
