package dev.kcmfa.policy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.jboss.logging.Logger;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Works out the policy for a user from realm attributes (format: docs/policy.md):
 * <ul>
 * <li>{@code mfa.policy.user:<userId>}: an admin's override for one user, replacing group inheritance;</li>
 * <li>otherwise one policy per group of the user ({@code mfa.policy.group-id:<groupId>}: a group's policy is tied to
 * the group, not to its path, which another group can take), each inheriting field by field from its parent groups,
 * up to {@code mfa.policy.default}; plus {@code mfa.policy.email:<address>} and {@code mfa.policy.domain:<domain>} for a
 * verified email address; the strictest combination of all of them applies.</li>
 * </ul>
 * The cost grows with the depth and number of the user's groups, not with the number of groups in the realm.
 */
public final class PolicyResolver {

    public static final String ATTRIBUTE_PREFIX = "mfa.policy.";
    public static final String DEFAULT_SCOPE = "default";
    /** How people and import files name a group: by path. Stored policies use {@link #GROUP_ID_SCOPE_PREFIX}. */
    public static final String GROUP_SCOPE_PREFIX = "group:";
    public static final String GROUP_ID_SCOPE_PREFIX = "group-id:";
    public static final String USER_SCOPE_PREFIX = "user:";
    public static final String EMAIL_SCOPE_PREFIX = "email:";
    public static final String DOMAIN_SCOPE_PREFIX = "domain:";

    private static final Logger LOG = Logger.getLogger(PolicyResolver.class);

    private final RealmModel realm;

    public PolicyResolver(RealmModel realm) {
        this.realm = realm;
    }

    public static String attribute(String scope) {
        return ATTRIBUTE_PREFIX + scope;
    }

    public static String groupScope(String groupPath) {
        return GROUP_SCOPE_PREFIX + groupPath;
    }

    public static String groupIdScope(String groupId) {
        return GROUP_ID_SCOPE_PREFIX + groupId;
    }

    public static String userScope(String userId) {
        return USER_SCOPE_PREFIX + userId;
    }

    /**
     * The user's policy for this request, resolved once: a login step and its conditions ask for it up to ten times
     * per request. Kept in the request's {@link KeycloakSession}, so it never outlives the request or crosses nodes.
     */
    public static MfaPolicy forRequest(KeycloakSession session, RealmModel realm, UserModel user) {
        String key = "mfa.policy.resolved." + realm.getId() + "." + user.getId();
        MfaPolicy cached = session.getAttribute(key, MfaPolicy.class);
        if (cached == null) {
            cached = new PolicyResolver(realm).resolve(user);
            session.setAttribute(key, cached);
        }
        return cached;
    }

    /** The user's policy; an unreadable stored policy gives {@link MfaPolicy#FAIL_CLOSED}, never a weaker one. */
    public MfaPolicy resolve(UserModel user) {
        try {
            return resolveOrThrow(user);
        } catch (PolicyException e) {
            LOG.warnf("Realm '%s' has an unreadable MFA policy (%s); requiring MFA until it is fixed",
                    realm.getName(), e.getMessage());
            return MfaPolicy.FAIL_CLOSED;
        }
    }

    /** The user's policy, or the reason why a policy that applies to the user cannot be read. */
    public MfaPolicy resolveOrThrow(UserModel user) throws PolicyException {
        List<ScopedDocument> realmDefault = stored(DEFAULT_SCOPE).map(List::of).orElse(List.of());
        Optional<ScopedDocument> override = stored(userScope(user.getId()));
        if (override.isPresent()) {
            return MfaPolicy.inherit(concat(realmDefault, List.of(override.get())));
        }
        MfaPolicy result = null;
        for (List<ScopedDocument> chain : scopeChains(user, realmDefault)) {
            MfaPolicy policy = MfaPolicy.inherit(chain);
            result = result == null ? policy : result.strictest(policy);
        }
        return result != null ? result : MfaPolicy.inherit(realmDefault);
    }

    /** Reads one scope's stored document, if any. */
    public Optional<ScopedDocument> stored(String scope) throws PolicyException {
        return stored(scope, scope);
    }

    /** Reads the document stored under {@code storedScope}, naming it {@code shownScope} as its source. */
    private Optional<ScopedDocument> stored(String storedScope, String shownScope) throws PolicyException {
        String raw = realm.getAttribute(attribute(storedScope));
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ScopedDocument(shownScope, ParsedPolicyCache.parse(raw)));
        } catch (PolicyException e) {
            throw new PolicyException(e.field(), e.reason() + " (in " + attribute(storedScope) + ")");
        }
    }

    private List<List<ScopedDocument>> scopeChains(UserModel user, List<ScopedDocument> realmDefault)
            throws PolicyException {
        List<List<ScopedDocument>> chains = new ArrayList<>();
        for (GroupModel group : (Iterable<GroupModel>) user.getGroupsStream()::iterator) {
            chains.add(concat(realmDefault, groupLineage(group)));
        }
        if (user.getEmail() != null && user.isEmailVerified()) {
            String email = user.getEmail().toLowerCase(Locale.ROOT);
            String domain = email.substring(email.lastIndexOf('@') + 1);
            for (String scope : List.of(EMAIL_SCOPE_PREFIX + email, DOMAIN_SCOPE_PREFIX + domain)) {
                Optional<ScopedDocument> selected = stored(scope);
                if (selected.isPresent()) {
                    chains.add(concat(realmDefault, List.of(selected.get())));
                }
            }
        }
        return chains;
    }

    /** The stored documents of the group and its ancestors, root first, each named by its group's path. */
    private List<ScopedDocument> groupLineage(GroupModel group) throws PolicyException {
        Deque<GroupModel> lineage = new ArrayDeque<>();
        for (GroupModel g = group; g != null; g = g.getParent()) {
            lineage.push(g);
        }
        List<ScopedDocument> documents = new ArrayList<>();
        StringBuilder path = new StringBuilder();
        for (GroupModel g : lineage) {
            path.append('/').append(g.getName());
            String shown = groupScope(path.toString());
            refuseUntiedPolicy(shown);
            Optional<ScopedDocument> stored = stored(groupIdScope(g.getId()), shown);
            if (stored.isPresent()) {
                documents.add(stored.get());
            }
        }
        return documents;
    }

    /**
     * A policy still stored under a path ({@code mfa.policy.group:/staff}, as import files and raw attribute writes
     * name it) is one that could not yet be tied to exactly one group (see {@link PolicyKeysFromPaths}): its
     * members, whichever group of that path they are in, must not lose MFA, nor may one of them get another's
     * weaker policy, so it makes their policy unreadable, which requires MFA.
     */
    private void refuseUntiedPolicy(String groupScope) throws PolicyException {
        if (realm.getAttribute(attribute(groupScope)) != null) {
            throw new PolicyException(attribute(groupScope), "names its group by path and is not tied to one group"
                    + " (is the path ambiguous?); store it by group id through the admin API");
        }
    }

    private static List<ScopedDocument> concat(List<ScopedDocument> first, List<ScopedDocument> second) {
        List<ScopedDocument> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
