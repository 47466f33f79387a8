package dev.kcmfa.policy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.ui.extend.UiPageProvider;
import org.keycloak.services.ui.extend.UiPageProviderFactory;

/**
 * The "MFA policies" page of the admin console (Keycloak's declarative UI, feature {@code declarative-ui}): one
 * entry per scope, edited as form fields instead of JSON. Saving checks the entry like the admin API does and
 * writes the scope's realm attribute, which stays the one source the resolver reads; the admin API keeps the
 * page's entries in step with what it writes.
 */
public class PolicyConsolePage implements UiPageProvider, UiPageProviderFactory<ComponentModel> {

    public static final String PROVIDER_ID = "MFA policies";

    private static final Logger LOG = Logger.getLogger(PolicyConsolePage.class);

    static final String SCOPE = "scope";
    /** Read-only field: the scope the entry's policy is stored under, e.g. {@code group-id:<id>}, set on saving. */
    static final String STORED_SCOPE = "storedScope";
    /** The group picker: a group's path, another way to name a group scope. */
    static final String GROUP = "group";
    private static final List<String> READ_ONLY = List.of(STORED_SCOPE,
            PolicyDocument.FIELD_REMEMBER_DEVICE + PolicyForm.IN_WORDS,
            PolicyDocument.FIELD_ENROLLMENT_GRACE + PolicyForm.IN_WORDS, PolicyDocument.FIELD_CODE_TTL + PolicyForm.IN_WORDS);

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return ConsolePages.LABEL_PREFIX + "PolicyPageHelp";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        List<ProviderConfigProperty> properties = ConsolePages.labelled(ProviderConfigurationBuilder.create()
                .property().name(SCOPE).type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(GROUP).type(ProviderConfigProperty.GROUP_TYPE).add()
                .property().name(STORED_SCOPE).type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(PolicyDocument.FIELD_ENFORCEMENT).type(ProviderConfigProperty.LIST_TYPE)
                .options(PolicyForm.INHERIT, "required", "optional", "off").defaultValue(PolicyForm.INHERIT).add()
                .property().name(PolicyDocument.FIELD_METHODS).type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(PolicyDocument.FIELD_TRUSTED_NETWORKS).type(ProviderConfigProperty.TEXT_TYPE).add()
                .property().name(PolicyDocument.FIELD_REMEMBER_DEVICE).type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(PolicyDocument.FIELD_REMEMBER_DEVICE + PolicyForm.IN_WORDS)
                .type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(PolicyDocument.FIELD_MAX_ATTEMPTS).type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(PolicyDocument.FIELD_ENROLLMENT_GRACE).type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(PolicyDocument.FIELD_ENROLLMENT_GRACE + PolicyForm.IN_WORDS)
                .type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(PolicyDocument.FIELD_CODE_TTL).type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(PolicyDocument.FIELD_CODE_TTL + PolicyForm.IN_WORDS)
                .type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(PolicyDocument.FIELD_RECOVERY_CODES).type(ProviderConfigProperty.LIST_TYPE)
                .options(PolicyForm.INHERIT, "off", "offer", "require").defaultValue(PolicyForm.INHERIT).add()
                .build());
        // declared, so that Keycloak keeps them in exports and component reads (it drops undeclared config keys)
        properties.stream().filter(p -> READ_ONLY.contains(p.getName())).forEach(p -> p.setReadOnly(true));
        return properties;
    }

    /** The list's columns: the scope (the link to the entry), then what an admin scans for. */
    @Override
    public Map<String, Object> getTypeMetadata() {
        return Map.of("displayFields", List.of(SCOPE, PolicyDocument.FIELD_ENFORCEMENT, PolicyDocument.FIELD_METHODS,
                PolicyDocument.FIELD_REMEMBER_DEVICE + PolicyForm.IN_WORDS));
    }

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model) {
        if (importedBeforeItsUser(session, realm, model)) {
            return;
        }
        PolicyScope scope = scopeOf(session, realm, model);
        // saved with the entry: the group it is for, so that a look-alike path never moves it to another group
        model.getConfig().putSingle(SCOPE, scope.shown());
        model.getConfig().putSingle(STORED_SCOPE, scope.stored());
        if (scope.groupPath() != null) {
            model.getConfig().putSingle(GROUP, scope.groupPath());
        } else {
            model.getConfig().remove(GROUP);
        }
        Optional<ComponentModel> other = entry(realm, scope.stored()).filter(c -> !c.getId().equals(model.getId()));
        if (other.isPresent()) {
            throw ConsolePages.refusal("Scope " + scope.shown() + " already has an entry: edit that one");
        }
        try {
            PolicyForm.describeDurations(model.getConfig(), PolicyDocument.parse(json(model)));
        } catch (PolicyException e) {
            throw ConsolePages.refusal(e.getMessage());
        }
    }

    /**
     * An exported entry of a per-user policy, imported with its realm ({@code kc.sh import}, a realm file): Keycloak
     * imports a realm's components before its users, so for that moment the user is not there yet. The entry is kept
     * as exported when the realm's attributes, imported before the components, hold its policy.
     */
    private static boolean importedBeforeItsUser(KeycloakSession session, RealmModel realm, ComponentModel model) {
        String stored = model.get(STORED_SCOPE);
        return stored != null && stored.startsWith(PolicyResolver.USER_SCOPE_PREFIX)
                && StoredPolicies.raw(realm, stored) != null
                && session.users().getUserById(realm, stored.substring(PolicyResolver.USER_SCOPE_PREFIX.length())) == null;
    }

    /**
     * The entry's scope: the group it is already for while its Scope field still names that group (even by a path
     * another group now shares), otherwise what the Scope field names, which must be exactly one group. A group
     * newly picked in the Group field names the scope instead of the Scope field.
     */
    private static PolicyScope scopeOf(KeycloakSession session, RealmModel realm, ComponentModel model) {
        GroupModel current = groupOf(session, realm, model);
        String named = namedScope(model, current);
        if (current != null && PolicyScopes.names(session, realm, named, current)) {
            return PolicyScope.of(current);
        }
        try {
            return PolicyScopes.resolve(session, realm, named);
        } catch (PolicyScopes.Refused e) {
            throw ConsolePages.refusal("Scope: " + e.getMessage());
        }
    }

    /** What the admin named: a group picked anew (not the one the entry is for), else the Scope field. */
    private static String namedScope(ComponentModel model, GroupModel current) {
        String typed = trimmed(model.get(SCOPE));
        String picked = trimmed(model.get(GROUP));
        boolean pickedAnew = picked != null && (current == null || !picked.equals(GroupPaths.pathOf(current)));
        if (pickedAnew && typed != null && current == null
                && !typed.equals(PolicyResolver.groupScope(picked))) {
            throw ConsolePages.refusal("Scope is " + typed + " but Group is " + picked + ": clear one of them");
        }
        if (pickedAnew) {
            return PolicyResolver.groupScope(picked);
        }
        if (typed == null) {
            throw ConsolePages.refusal("Scope is required: type it, or pick a group");
        }
        return typed;
    }

    private static String trimmed(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    @Override
    public void onCreate(KeycloakSession session, RealmModel realm, ComponentModel model) {
        StoredPolicies.storeFromPage(session, realm, model.get(STORED_SCOPE), json(model));
    }

    static String json(ComponentModel model) {
        return PolicyForm.json(model.getConfig());
    }

    @Override
    public void onUpdate(KeycloakSession session, RealmModel realm, ComponentModel oldModel, ComponentModel newModel) {
        String oldScope = oldModel.get(STORED_SCOPE);
        if (oldScope != null && !oldScope.equals(newModel.get(STORED_SCOPE))) {
            StoredPolicies.removeFromPage(session, realm, oldScope);
        }
        onCreate(session, realm, newModel);
    }

    @Override
    public void preRemove(KeycloakSession session, RealmModel realm, ComponentModel model) {
        String stored = model.get(STORED_SCOPE);
        if (stored != null) {
            StoredPolicies.removeFromPage(session, realm, stored);
        }
    }

    /** Makes the page show what the admin API stored for a scope, when the page is enabled. */
    private static void reflect(RealmModel realm, PolicyScope scope, PolicyDocument document) {
        if (!ConsolePages.enabled()) {
            return;
        }
        ComponentModel entry = entry(realm, scope.stored())
                .orElseGet(() -> ConsolePages.newEntry(realm, UiPageProvider.class, PROVIDER_ID, scope.shown()));
        entry.getConfig().clear();
        entry.getConfig().putSingle(SCOPE, scope.shown());
        entry.getConfig().putSingle(STORED_SCOPE, scope.stored());
        PolicyForm.show(entry.getConfig(), document);
        if (entry.getId() == null) {
            realm.addComponentModel(entry);
        } else {
            realm.updateComponent(entry);
        }
    }

    /** Removes the page's entry for a scope whose policy was removed. */
    private static void forget(RealmModel realm, String storedScope) {
        if (ConsolePages.enabled()) {
            entry(realm, storedScope).ifPresent(realm::removeComponent);
        }
    }

    /** The groups within {@code ancestor} (it included) whose policies have entries: after a rename or move. */
    static List<GroupModel> groupsWithEntriesWithin(KeycloakSession session, RealmModel realm, GroupModel ancestor) {
        if (!ConsolePages.enabled()) {
            return List.of();
        }
        return entries(realm).map(entry -> groupOf(session, realm, entry))
                .filter(group -> group != null && isWithin(group, ancestor)).toList();
    }

    private static GroupModel groupOf(KeycloakSession session, RealmModel realm, ComponentModel entry) {
        String stored = entry.get(STORED_SCOPE);
        return stored != null && stored.startsWith(PolicyResolver.GROUP_ID_SCOPE_PREFIX)
                ? session.groups().getGroupById(realm, stored.substring(PolicyResolver.GROUP_ID_SCOPE_PREFIX.length()))
                : null;
    }

    private static boolean isWithin(GroupModel group, GroupModel ancestor) {
        for (GroupModel g = group; g != null; g = g.getParent()) {
            if (g.getId().equals(ancestor.getId())) {
                return true;
            }
        }
        return false;
    }

    private static Optional<ComponentModel> entry(RealmModel realm, String storedScope) {
        return entries(realm).filter(c -> storedScope.equals(c.get(STORED_SCOPE))).findFirst();
    }

    private static Stream<ComponentModel> entries(RealmModel realm) {
        return ConsolePages.entries(realm, PROVIDER_ID);
    }

    @Override
    public UiPageProvider create(KeycloakSession session) {
        return this;
    }

    @Override
    public void init(Config.Scope config) {
        // no server-level settings
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // entries for imported policies are added (and older entries renewed) by PolicyKeysFollowGroupsAndUsers,
        // after it ties them to groups; stored and removed policies are followed here
        factory.register(event -> {
            if (event instanceof PolicyStoreEvent.Stored stored) {
                stored.document().ifPresentOrElse(document -> reflect(stored.realm(), stored.scope(), document),
                        () -> forget(stored.realm(), stored.scope().stored()));
            } else if (event instanceof PolicyStoreEvent.Removed removed) {
                forget(removed.realm(), removed.storedScope());
            }
        });
    }

    /**
     * Policies imported with a realm or written as raw attributes get their page entries; entries saved by an
     * earlier version (without the scope they are stored under, or with lists as several values) are made again
     * from the policies.
     */
    static void addMissingEntries(KeycloakSession session, RealmModel realm) {
        if (!ConsolePages.enabled()) {
            return;
        }
        entries(realm).filter(c -> c.get(STORED_SCOPE) == null).toList().forEach(realm::removeComponent);
        StoredPolicies.all(realm).forEach((stored, raw) -> {
            if (!stored.startsWith(PolicyResolver.GROUP_SCOPE_PREFIX)
                    && entry(realm, stored).filter(PolicyConsolePage::isCurrent).isEmpty()) {
                try {
                    StoredPolicies.store(session, realm, PolicyScopes.stored(session, realm, stored), raw);
                } catch (ComponentValidationException e) {
                    LOG.warnf("Realm '%s': %s gets no entry on the MFA policies page (%s)", realm.getName(),
                            PolicyResolver.attribute(stored), e.getMessage());
                }
            }
        });
        PolicyStoreEvent.publish(new PolicyStoreEvent.Changed(session, realm));
    }

    /**
     * Whether an entry has this version's fields: entries saved before held lists as several values, which Keycloak
     * gives back in any order, and had no durations in words; those are made again from their policies.
     */
    private static boolean isCurrent(ComponentModel entry) {
        return entry.getConfig().containsKey(PolicyDocument.FIELD_REMEMBER_DEVICE + PolicyForm.IN_WORDS)
                && Stream.of(PolicyDocument.FIELD_METHODS, PolicyDocument.FIELD_TRUSTED_NETWORKS)
                .allMatch(field -> entry.getConfig().getOrDefault(field, List.of()).size() <= 1);
    }

    @Override
    public void close() {
        // stateless
    }
}
