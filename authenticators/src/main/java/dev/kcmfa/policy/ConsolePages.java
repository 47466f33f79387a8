package dev.kcmfa.policy;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import jakarta.ws.rs.NotAuthorizedException;
import org.keycloak.common.Profile;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.AdminRoot;
import org.keycloak.services.ui.extend.UiPageProvider;
import org.keycloak.services.ui.extend.UiTabProvider;

/**
 * The entries of this bundle's admin console pages and tabs (Keycloak's declarative UI), stored as realm components;
 * the {@code policy} package's pages and the {@code flow} package's tab share these helpers.
 */
public final class ConsolePages {

    /** The prefix of the bundles' keys for what the admin console shows of these pages. */
    public static final String LABEL_PREFIX = "mfaConsole";

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
    public static ComponentValidationException refusal(String message) {
        return new ComponentValidationException("{0}", message);
    }

    /**
     * Gives each field its label and help text as keys of the message bundles ({@code mfaConsole} + the field's
     * name, and + {@code Help}): the admin console looks labels, help texts and column names up in the bundles in
     * the admin's language, and shows a text that is no key as it is. The bundles' values reach the console as
     * they are written, not through MessageFormat, so they hold no ASCII apostrophe.
     */
    public static List<ProviderConfigProperty> labelled(List<ProviderConfigProperty> properties) {
        properties.forEach(p -> {
            String key = LABEL_PREFIX + Character.toUpperCase(p.getName().charAt(0)) + p.getName().substring(1);
            p.setLabel(key);
            p.setHelpText(key + "Help");
        });
        return properties;
    }

    /** The stored entries of one of the bundle's pages. */
    static Stream<ComponentModel> entries(RealmModel realm, String pageId) {
        return entries(realm, UiPageProvider.class, pageId);
    }

    /** The stored entries of one of the bundle's pages ({@link UiPageProvider}) or tabs ({@link UiTabProvider}). */
    static Stream<ComponentModel> entries(RealmModel realm, Class<?> kind, String id) {
        return realm.getComponentsStream(realm.getId(), kind.getName()).filter(c -> id.equals(c.getProviderId()));
    }

    /** A new, not yet stored entry of a page or tab. */
    static ComponentModel newEntry(RealmModel realm, Class<?> kind, String id, String name) {
        ComponentModel entry = new ComponentModel();
        entry.setName(name);
        entry.setProviderId(id);
        entry.setProviderType(kind.getName());
        entry.setParentId(realm.getId());
        return entry;
    }

    /**
     * Admin events for a change a console save makes beyond the component itself, attributed to the admin whose
     * request it is; empty without an admin request (a change caused by a directory sync, say).
     */
    public static Optional<AdminEventBuilder> adminEvents(KeycloakSession session, RealmModel realm) {
        return Optional.ofNullable(requestingAdmin(session))
                .map(admin -> new AdminEventBuilder(realm, admin, session, session.getContext().getConnection()));
    }

    /**
     * Authenticates the request's bearer token again as Keycloak's admin API does: the admin console's tokens are
     * lightweight (no subject among their claims), so the admin is found only the way Keycloak finds them. That sets
     * the context's realm to the admin's, which is put back.
     */
    private static AdminAuth requestingAdmin(KeycloakSession session) {
        if (session.getContext().getBearerToken() == null) {
            return null;
        }
        RealmModel realm = session.getContext().getRealm();
        try {
            return AdminRoot.authenticateRealmAdminRequest(session);
        } catch (NotAuthorizedException e) {
            return null;
        } finally {
            session.getContext().setRealm(realm);
        }
    }
}
