package dev.kcmfa.policy;

import java.util.Map;
import java.util.stream.Collectors;

import org.keycloak.models.RealmModel;

/**
 * Writes and removes a stored policy: the realm attribute that logins read ({@code mfa.policy.<stored scope>}), and
 * the console page's entry beside it, so that the admin API, the page, the import conversion and the group/user
 * followers keep the two in step. Nothing else writes these attributes.
 */
final class StoredPolicies {

    private StoredPolicies() {
    }

    /** Stores the admin's own text; an unreadable text is stored as it is (logins fail closed on it) with no entry. */
    static void store(RealmModel realm, PolicyScope scope, String raw) {
        try {
            PolicyConsolePage.reflect(realm, scope, PolicyDocument.parse(raw));
        } catch (PolicyException e) {
            PolicyConsolePage.forget(realm, scope.stored());
        }
        // after the page's entry, whose own saving writes its form of the policy: the admin's text is what stays
        realm.setAttribute(scope.attribute(), raw);
    }

    static void remove(RealmModel realm, String storedScope) {
        realm.removeAttribute(PolicyResolver.attribute(storedScope));
        PolicyConsolePage.forget(realm, storedScope);
    }

    /** The console page's own save: the entry is already being written. */
    static void storeFromPage(RealmModel realm, String storedScope, String json) {
        realm.setAttribute(PolicyResolver.attribute(storedScope), json);
    }

    /** The console page's own removal of an entry. */
    static void removeFromPage(RealmModel realm, String storedScope) {
        realm.removeAttribute(PolicyResolver.attribute(storedScope));
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
