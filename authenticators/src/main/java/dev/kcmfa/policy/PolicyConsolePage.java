package dev.kcmfa.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import dev.kcmfa.core.MfaMethod;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.common.Profile;
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
import org.keycloak.util.JsonSerialization;

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
    static final String INHERIT = "inherit";

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return "MFA policy per scope: the realm default, a group (inherited by its subgroups), one user, an email "
                + "address or domain. Empty fields are inherited. Same rules as docs/policy.md.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        List<ProviderConfigProperty> properties = ProviderConfigurationBuilder.create()
                .property().name(SCOPE).label("Scope").type(ProviderConfigProperty.STRING_TYPE).required(true)
                .helpText("default, group:/path/to/group (or group-id:<group id> where groups share a path), "
                        + "user:<user id>, email:<address> or domain:<domain>").add()
                .property().name(STORED_SCOPE).label("Stored as").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Set on saving: for a group, its id. The entry stays with that group through renames.").add()
                .property().name(PolicyDocument.FIELD_ENFORCEMENT).label("Enforcement")
                .type(ProviderConfigProperty.LIST_TYPE).options(INHERIT, "required", "optional", "off")
                .defaultValue(INHERIT)
                .helpText("required: everyone passes a second factor; optional: those who enrolled one; off: never").add()
                .property().name(PolicyDocument.FIELD_METHODS).label("Allowed methods")
                .type(ProviderConfigProperty.MULTIVALUED_LIST_TYPE)
                .options(MfaMethod.PUSH.id(), MfaMethod.TOTP.id(), MfaMethod.EMAIL.id(), MfaMethod.DUO.id())
                .helpText("In preference order; none selected: inherited").add()
                .property().name(PolicyDocument.FIELD_TRUSTED_NETWORKS).label("Trusted networks")
                .type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
                .helpText("IPv4/IPv6 addresses or CIDR ranges from which enrolled users skip MFA").add()
                .property().name(PolicyDocument.FIELD_REMEMBER_DEVICE).label("Remember device")
                .type(ProviderConfigProperty.STRING_TYPE)
                .helpText("never, forever or an ISO-8601 duration such as P30D; empty: inherited").add()
                .property().name(PolicyDocument.FIELD_MAX_ATTEMPTS).label("Max attempts")
                .type(ProviderConfigProperty.STRING_TYPE).helpText("Wrong codes per login, 1 to 20; empty: inherited").add()
                .property().name(PolicyDocument.FIELD_ENROLLMENT_GRACE).label("Enrollment grace")
                .type(ProviderConfigProperty.STRING_TYPE).helpText("ISO-8601 duration such as P7D; empty: inherited").add()
                .property().name(PolicyDocument.FIELD_CODE_TTL).label("Code lifetime")
                .type(ProviderConfigProperty.STRING_TYPE).helpText("ISO-8601 duration, PT30S to PT1H; empty: inherited").add()
                .build();
        // declared, so that Keycloak keeps it in exports and component reads (it drops undeclared config keys)
        properties.stream().filter(p -> STORED_SCOPE.equals(p.getName())).forEach(p -> p.setReadOnly(true));
        return properties;
    }

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model) {
        PolicyScope scope = scopeOf(session, realm, model);
        // saved with the entry: the group it is for, so that a look-alike path never moves it to another group
        model.getConfig().putSingle(SCOPE, scope.shown());
        model.getConfig().putSingle(STORED_SCOPE, scope.stored());
        Optional<ComponentModel> other = entry(realm, scope.stored()).filter(c -> !c.getId().equals(model.getId()));
        if (other.isPresent()) {
            throw new ComponentValidationException("Scope " + scope.shown() + " already has an entry: edit that one");
        }
        try {
            PolicyDocument.parse(json(model));
        } catch (PolicyException e) {
            throw validationError(e.getMessage());
        }
    }

    /**
     * The entry's scope: the group it is already for while its Scope field still names that group (even by a path
     * another group now shares), otherwise what the Scope field names, which must be exactly one group.
     */
    private static PolicyScope scopeOf(KeycloakSession session, RealmModel realm, ComponentModel model) {
        String named = model.get(SCOPE);
        if (named == null || named.isBlank()) {
            throw new ComponentValidationException("Scope is required");
        }
        String stored = model.get(STORED_SCOPE);
        if (stored != null && stored.startsWith(PolicyResolver.GROUP_ID_SCOPE_PREFIX)) {
            GroupModel group = session.groups().getGroupById(realm,
                    stored.substring(PolicyResolver.GROUP_ID_SCOPE_PREFIX.length()));
            if (group != null && PolicyScopes.names(session, realm, named.trim(), group)) {
                return PolicyScope.of(group);
            }
        }
        try {
            return PolicyScopes.resolve(session, realm, named.trim());
        } catch (PolicyScopes.Refused e) {
            throw validationError("Scope: " + e.getMessage());
        }
    }

    /** Keycloak formats these messages with MessageFormat, where a lone single quote would be swallowed. */
    private static ComponentValidationException validationError(String message) {
        return new ComponentValidationException(message.replace("'", "''"));
    }

    @Override
    public void onCreate(KeycloakSession session, RealmModel realm, ComponentModel model) {
        StoredPolicies.storeFromPage(session, realm, model.get(STORED_SCOPE), json(model));
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
    static void reflect(RealmModel realm, PolicyScope scope, PolicyDocument document) {
        if (!Profile.isFeatureEnabled(Profile.Feature.DECLARATIVE_UI)) {
            return;
        }
        ComponentModel entry = entry(realm, scope.stored()).orElseGet(() -> {
            ComponentModel created = new ComponentModel();
            created.setName(scope.shown());
            created.setProviderId(PROVIDER_ID);
            created.setProviderType(UiPageProvider.class.getName());
            created.setParentId(realm.getId());
            return created;
        });
        entry.getConfig().clear();
        entry.getConfig().putSingle(SCOPE, scope.shown());
        entry.getConfig().putSingle(STORED_SCOPE, scope.stored());
        document.writtenFields().forEach((field, value) -> {
            if (value instanceof List<?> list) {
                entry.getConfig().put(field, list.stream().map(Object::toString).toList());
            } else {
                entry.getConfig().putSingle(field, value.toString());
            }
        });
        if (entry.getId() == null) {
            realm.addComponentModel(entry);
        } else {
            realm.updateComponent(entry);
        }
    }

    /** Removes the page's entry for a scope whose policy was removed. */
    static void forget(RealmModel realm, String storedScope) {
        if (Profile.isFeatureEnabled(Profile.Feature.DECLARATIVE_UI)) {
            entry(realm, storedScope).ifPresent(realm::removeComponent);
        }
    }

    /** The groups within {@code ancestor} (it included) whose policies have entries: after a rename or move. */
    static List<GroupModel> groupsWithEntriesWithin(KeycloakSession session, RealmModel realm, GroupModel ancestor) {
        if (!Profile.isFeatureEnabled(Profile.Feature.DECLARATIVE_UI)) {
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
        return realm.getComponentsStream(realm.getId(), UiPageProvider.class.getName())
                .filter(c -> PROVIDER_ID.equals(c.getProviderId()));
    }

    /** The entry's fields as the policy JSON stored in the realm attribute; empty fields are left out. */
    static String json(ComponentModel model) {
        Map<String, Object> policy = new LinkedHashMap<>();
        String enforcement = model.get(PolicyDocument.FIELD_ENFORCEMENT);
        if (enforcement != null && !enforcement.isBlank() && !INHERIT.equals(enforcement)) {
            policy.put(PolicyDocument.FIELD_ENFORCEMENT, enforcement);
        }
        putList(policy, model, PolicyDocument.FIELD_METHODS);
        putList(policy, model, PolicyDocument.FIELD_TRUSTED_NETWORKS);
        for (String field : List.of(PolicyDocument.FIELD_REMEMBER_DEVICE, PolicyDocument.FIELD_ENROLLMENT_GRACE,
                PolicyDocument.FIELD_CODE_TTL)) {
            putText(policy, model, field);
        }
        String attempts = model.get(PolicyDocument.FIELD_MAX_ATTEMPTS);
        if (attempts != null && !attempts.isBlank()) {
            policy.put(PolicyDocument.FIELD_MAX_ATTEMPTS, attempts.trim().matches("\\d{1,9}")
                    ? Integer.parseInt(attempts.trim()) : attempts);
        }
        try {
            return JsonSerialization.writeValueAsString(policy);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void putList(Map<String, Object> policy, ComponentModel model, String field) {
        List<String> values = new ArrayList<>();
        Optional.ofNullable(model.getConfig().get(field)).orElse(List.of()).stream()
                .flatMap(v -> List.of(v.split("##")).stream())
                .map(String::trim).filter(v -> !v.isEmpty()).forEach(values::add);
        if (!values.isEmpty()) {
            policy.put(field, values);
        }
    }

    private static void putText(Map<String, Object> policy, ComponentModel model, String field) {
        String value = model.get(field);
        if (value != null && !value.isBlank()) {
            policy.put(field, value.trim());
        }
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
        // entries for imported policies are added by PolicyKeysFollowGroupsAndUsers, after it ties them to groups
    }

    /**
     * Policies imported with a realm or written as raw attributes get their page entries; entries saved before
     * entries named the scope they are stored under are made again from the policies.
     */
    static void addMissingEntries(KeycloakSession session, RealmModel realm) {
        if (!Profile.isFeatureEnabled(Profile.Feature.DECLARATIVE_UI)) {
            return;
        }
        entries(realm).filter(c -> c.get(STORED_SCOPE) == null).toList().forEach(realm::removeComponent);
        StoredPolicies.all(realm).forEach((stored, raw) -> {
            if (!stored.startsWith(PolicyResolver.GROUP_SCOPE_PREFIX) && entry(realm, stored).isEmpty()) {
                try {
                    StoredPolicies.store(session, realm, PolicyScopes.stored(session, realm, stored), raw);
                } catch (ComponentValidationException e) {
                    LOG.warnf("Realm '%s': %s gets no entry on the MFA policies page (%s)", realm.getName(),
                            PolicyResolver.attribute(stored), e.getMessage());
                }
            }
        });
    }

    @Override
    public void close() {
        // stateless
    }
}
