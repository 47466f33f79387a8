package dev.kcmfa.policy;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Writes and removes a stored policy: the realm attribute that logins read ({@code mfa.policy.<stored scope>}), and,
 * through {@link PolicyStoreEvent}s, the console page's entry beside it, so that the admin API, the page, the import
 * conversion and the group/user followers keep the two in step. Nothing else writes these attributes.
 */
final class StoredPolicies {

    /** Request-scoped mark: the page's entry is being written from here, so its save is not a change of its own. */
    private static final String FOLLOWING = StoredPolicies.class.getName() + ".entryFollows";

    private StoredPolicies() {
    }

    /**
     * Stores the admin's own text; an unreadable text is stored as it is (logins fail closed on it) with no entry.
     * The caller records the change (admin API) or it is no change (the import's key conversion).
     */
    static void store(KeycloakSession session, RealmModel realm, PolicyScope scope, String raw) {
        whileFollowing(session, () -> PolicyStoreEvent.publish(
                new PolicyStoreEvent.Stored(session, realm, scope, readable(raw))));
        // after the page's entry, whose own saving writes its form of the policy: the admin's text is what stays
        realm.setAttribute(scope.attribute(), raw);
        PolicyStoreEvent.publish(new PolicyStoreEvent.Changed(session, realm));
    }

    static void remove(KeycloakSession session, RealmModel realm, String storedScope) {
        realm.removeAttribute(PolicyResolver.attribute(storedScope));
        whileFollowing(session, () -> PolicyStoreEvent.publish(
                new PolicyStoreEvent.Removed(session, realm, storedScope)));
        PolicyStoreEvent.publish(new PolicyStoreEvent.Changed(session, realm));
    }

    private static Optional<PolicyDocument> readable(String raw) {
        try {
            return Optional.of(PolicyDocument.parse(raw));
        } catch (PolicyException e) {
            return Optional.empty();
        }
    }

    /** Writes the page's entry as a follower of the stored policy: its save is then no change of its own. */
    private static void whileFollowing(KeycloakSession session, Runnable entryWrite) {
        session.setAttribute(FOLLOWING, Boolean.TRUE);
        try {
            entryWrite.run();
        } finally {
            session.removeAttribute(FOLLOWING);
        }
    }

    /**
     * The console page's own save of an entry, an admin event unless the entry only follows a stored policy. An
     * entry saved with no change leaves the stored text as it is, byte for byte (an import's spacing, a list's
     * order), and records nothing.
     */
    static void storeFromPage(KeycloakSession session, RealmModel realm, String storedScope, String json) {
        if (samePolicy(raw(realm, storedScope), json)) {
            return;
        }
        realm.setAttribute(PolicyResolver.attribute(storedScope), json);
        PolicyStoreEvent.publish(new PolicyStoreEvent.Changed(session, realm));
        recordPageChange(session, realm, OperationType.UPDATE, storedScope, json);
    }

    /** The console page's own removal of an entry, likewise. */
    static void removeFromPage(KeycloakSession session, RealmModel realm, String storedScope) {
        realm.removeAttribute(PolicyResolver.attribute(storedScope));
        PolicyStoreEvent.publish(new PolicyStoreEvent.Changed(session, realm));
        recordPageChange(session, realm, OperationType.DELETE, storedScope, null);
    }

    private static void recordPageChange(KeycloakSession session, RealmModel realm, OperationType operation,
                                         String storedScope, String json) {
        if (session.getAttribute(FOLLOWING) == null) {
            PolicyChangeEvents.recordForRequest(session, realm, operation,
                    PolicyScopes.stored(session, realm, storedScope), json, "console page");
        }
    }

    private static boolean samePolicy(String stored, String json) {
        if (stored == null) {
            return false;
        }
        try {
            return PolicyDocument.parse(stored).writtenFields().equals(PolicyDocument.parse(json).writtenFields());
        } catch (PolicyException e) {
            return false;
        }
    }

    static String raw(RealmModel realm, String storedScope) {
        return realm.getAttribute(PolicyResolver.attribute(storedScope));
    }

    /** Every stored policy's raw text, by stored scope, as a copy (callers change the realm while they walk it). */
    static Map<String, String> all(RealmModel realm) {
        String prefix = PolicyResolver.ATTRIBUTE_PREFIX;
        return realm.getAttributes().entrySet().stream()
                .filter(a -> a.getKey().startsWith(prefix))
                .collect(Collectors.toMap(a -> a.getKey().substring(prefix.length()), Map.Entry::getValue));
    }
}
