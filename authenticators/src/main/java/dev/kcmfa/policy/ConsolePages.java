package dev.kcmfa.policy;

import java.util.stream.Stream;

import org.keycloak.common.Profile;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
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

    /** After a change of the realm's policies: the pages that show computed views of them are written again. */
    static void policiesChanged(KeycloakSession session, RealmModel realm) {
        EffectivePolicyPage.refresh(session, realm, null);
        PolicyOverviewTab.refresh(session, realm);
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
