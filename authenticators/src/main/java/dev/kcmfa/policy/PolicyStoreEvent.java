package dev.kcmfa.policy;

import java.util.Optional;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderEvent;

/**
 * What {@link StoredPolicies} tells the admin console pages, through Keycloak's provider events, so that it need not
 * know them: a scope's policy was stored (with its document, empty when the text is unreadable) or removed, and, once
 * the change is complete, that the realm's policies changed.
 */
sealed interface PolicyStoreEvent extends ProviderEvent {

    KeycloakSession session();

    RealmModel realm();

    /** A scope's policy was stored; the page's entry follows it. */
    record Stored(KeycloakSession session, RealmModel realm, PolicyScope scope, Optional<PolicyDocument> document)
            implements PolicyStoreEvent {
    }

    /** A scope's policy was removed; so is the page's entry. */
    record Removed(KeycloakSession session, RealmModel realm, String storedScope) implements PolicyStoreEvent {
    }

    /** The realm's policies changed: the pages that show views computed from them are written again. */
    record Changed(KeycloakSession session, RealmModel realm) implements PolicyStoreEvent {
    }

    static void publish(PolicyStoreEvent event) {
        event.session().getKeycloakSessionFactory().publish(event);
    }
}
