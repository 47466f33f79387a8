package dev.kcmfa.policy;

import java.util.stream.Stream;

import org.keycloak.common.Profile;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.RealmModel;
import org.keycloak.services.ui.extend.UiPageProvider;

/** The entries of this bundle's admin console pages (Keycloak's declarative UI), stored as realm components. */
final class ConsolePages {

    private ConsolePages() {
    }

    /** Whether the pages exist: the declarative UI is an experimental feature that the server must enable. */
    static boolean enabled() {
        return Profile.isFeatureEnabled(Profile.Feature.DECLARATIVE_UI);
    }

    static Stream<ComponentModel> entries(RealmModel realm, String pageId) {
        return realm.getComponentsStream(realm.getId(), UiPageProvider.class.getName())
                .filter(c -> pageId.equals(c.getProviderId()));
    }

    static ComponentModel newEntry(RealmModel realm, String pageId, String name) {
        ComponentModel entry = new ComponentModel();
        entry.setName(name);
        entry.setProviderId(pageId);
        entry.setProviderType(UiPageProvider.class.getName());
        entry.setParentId(realm.getId());
        return entry;
    }
}
