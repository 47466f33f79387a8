package dev.kcmfa.policy;

import org.keycloak.models.RealmModel;

/**
 * Writes and removes a stored policy: the realm attribute that logins read, and the console page's entry beside it,
 * so that the admin API, the page and the group/user followers keep the two in step.
 */
final class StoredPolicies {

    private StoredPolicies() {
    }

    /** Stores the admin's own text; an unreadable text is stored as it is (logins fail closed on it) with no entry. */
    static void store(RealmModel realm, String scope, String raw) {
        try {
            PolicyConsolePage.reflect(realm, scope, PolicyDocument.parse(raw));
        } catch (PolicyException e) {
            PolicyConsolePage.forget(realm, scope);
        }
        // after the page's entry, whose own saving writes its form of the policy: the admin's text is what stays
        realm.setAttribute(PolicyResolver.attribute(scope), raw);
    }

    static void remove(RealmModel realm, String scope) {
        realm.removeAttribute(PolicyResolver.attribute(scope));
        PolicyConsolePage.forget(realm, scope);
    }
}
