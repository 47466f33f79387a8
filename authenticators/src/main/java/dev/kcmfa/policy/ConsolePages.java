package dev.kcmfa.policy;

import java.util.List;
import java.util.stream.Stream;

import org.keycloak.common.Profile;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.ui.extend.UiPageProvider;

/** The entries of this bundle's admin console pages (Keycloak's declarative UI), stored as realm components. */
final class ConsolePages {

    /** The prefix of the bundles' keys for what the admin console shows of these pages. */
    static final String LABEL_PREFIX = "mfaConsole";

    private ConsolePages() {
    }

    /** Whether the pages exist: the declarative UI is an experimental feature that the server must enable. */
    static boolean enabled() {
        return Profile.isFeatureEnabled(Profile.Feature.DECLARATIVE_UI);
    }

    /**
     * Refuses an entry with this message, shown as it is: Keycloak formats a refusal with MessageFormat, where text an
     * admin typed (a quote, a brace) would be swallowed or break it, so the message goes in as the one argument.
     */
    static ComponentValidationException refusal(String message) {
        return new ComponentValidationException("{0}", message);
    }

    /** After a change of the realm's policies: the pages that show computed views of them are written again. */
    static void policiesChanged(KeycloakSession session, RealmModel realm) {
        EffectivePolicyPage.refresh(session, realm, null);
        PolicyOverviewTab.refresh(session, realm);
    }

    /**
     * Gives each field its label and help text as keys of the message bundles ({@code mfaConsole} + the field's
     * name, and + {@code Help}): the admin console looks labels, help texts and column names up in the bundles in
     * the admin's language, and shows a text that is no key as it is. The bundles' values reach the console as
     * they are written, not through MessageFormat, so they hold no ASCII apostrophe.
     */
    static List<ProviderConfigProperty> labelled(List<ProviderConfigProperty> properties) {
        properties.forEach(p -> {
            String key = LABEL_PREFIX + Character.toUpperCase(p.getName().charAt(0)) + p.getName().substring(1);
            p.setLabel(key);
            p.setHelpText(key + "Help");
        });
        return properties;
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
