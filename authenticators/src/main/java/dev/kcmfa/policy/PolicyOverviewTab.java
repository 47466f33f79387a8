package dev.kcmfa.policy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.kcmfa.core.StatelessProviderFactory;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.ui.extend.UiTabProvider;
import org.keycloak.services.ui.extend.UiTabProviderFactory;
import org.keycloak.util.JsonSerialization;

/**
 * The tab "MFA policies" of Realm settings: every policy of the realm, one row each, in group-tree order (the
 * default, then each group followed by its subgroups, siblings by name, then users, email addresses, domains), which
 * the declarative UI's lists cannot sort into. Read-only: it is written whenever a policy changes, and computed
 * again when the admin saves the tab. The rows are a key/value field, whose value Keycloak keeps as one text.
 */
public class PolicyOverviewTab implements UiTabProvider, UiTabProviderFactory<ComponentModel>,
        StatelessProviderFactory<UiTabProvider> {

    public static final String PROVIDER_ID = "MFA policies";

    static final String POLICIES = "policies";

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getPath() {
        return "/:realm/realm-settings/:tab";
    }

    @Override
    public Map<String, String> getParams() {
        return Map.of("tab", "mfa-policies");
    }

    @Override
    public String getHelpText() {
        return ConsolePages.LABEL_PREFIX + "OverviewTabHelp";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        List<ProviderConfigProperty> properties = ConsolePages.labelled(ProviderConfigurationBuilder.create()
                .property().name(POLICIES).type(ProviderConfigProperty.MAP_TYPE).add()
                .build());
        properties.forEach(p -> p.setReadOnly(true));
        return properties;
    }

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model) {
        model.getConfig().clear();
        model.getConfig().putSingle(POLICIES, rows(session, realm));
    }

    /** Writes the tab's rows after a change of the realm's policies, creating the tab's entry at the first one. */
    static void refresh(KeycloakSession session, RealmModel realm) {
        if (!ConsolePages.enabled()) {
            return;
        }
        ConsolePages.entries(realm, UiTabProvider.class, PROVIDER_ID).findFirst().ifPresentOrElse(
                realm::updateComponent,
                () -> realm.addComponentModel(ConsolePages.newEntry(realm, UiTabProvider.class, PROVIDER_ID,
                        PROVIDER_ID)));
    }

    /** The rows as the key/value field stores them: a JSON list of {key: scope, value: what it sets}. */
    private static String rows(KeycloakSession session, RealmModel realm) {
        Map<String, String> stored = StoredPolicies.all(realm);
        List<Map<String, String>> rows = new ArrayList<>();
        String defaultPolicy = stored.remove(PolicyResolver.DEFAULT_SCOPE);
        if (defaultPolicy != null) {
            rows.add(row(PolicyResolver.DEFAULT_SCOPE, defaultPolicy));
        }
        List<GroupModel> groups = new ArrayList<>();
        for (String scope : List.copyOf(stored.keySet())) {
            if (scope.startsWith(PolicyResolver.GROUP_ID_SCOPE_PREFIX)) {
                GroupModel group = session.groups().getGroupById(realm,
                        scope.substring(PolicyResolver.GROUP_ID_SCOPE_PREFIX.length()));
                if (group != null) {
                    groups.add(group);
                }
            }
        }
        groups.sort(Comparator.comparing(PolicyOverviewTab::lineage, PolicyOverviewTab::compareLineages));
        for (GroupModel group : groups) {
            PolicyScope scope = PolicyScope.of(group);
            rows.add(row(scope.shown(), stored.remove(scope.stored())));
        }
        stored.keySet().stream().sorted().forEach(scope -> rows.add(scope.startsWith(PolicyResolver.GROUP_SCOPE_PREFIX)
                ? Map.of("key", scope, "value", "not tied to one group (see the server log), so every member of a "
                        + "group at this path must pass MFA: store it by group id")
                : row(shown(session, realm, scope), stored.get(scope))));
        try {
            return JsonSerialization.writeValueAsString(rows);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String shown(KeycloakSession session, RealmModel realm, String scope) {
        if (scope.startsWith(PolicyResolver.USER_SCOPE_PREFIX)) {
            UserModel user = session.users().getUserById(realm, scope.substring(PolicyResolver.USER_SCOPE_PREFIX.length()));
            return user == null ? scope : scope + " (" + user.getUsername() + ")";
        }
        return scope;
    }

    private static Map<String, String> row(String scope, String raw) {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("key", scope);
        row.put("value", summary(raw));
        return row;
    }

    /** What a policy sets, as a line: "required · push, totp · remember device 7 days"; empty fields inherit. */
    private static String summary(String raw) {
        try {
            PolicyDocument document = PolicyDocument.parse(raw);
            List<String> parts = new ArrayList<>();
            document.writtenFields().forEach((field, value) -> parts.add(part(field, value, document)));
            return parts.isEmpty() ? "inherits everything" : String.join(" · ", parts);
        } catch (PolicyException e) {
            return "unreadable, so MFA is required: " + e.getMessage();
        }
    }

    private static String part(String field, Object value, PolicyDocument document) {
        return switch (field) {
            case PolicyDocument.FIELD_ENFORCEMENT -> value.toString();
            case PolicyDocument.FIELD_METHODS -> String.join(", ", ((List<?>) value).stream().map(Object::toString)
                    .toList());
            case PolicyDocument.FIELD_TRUSTED_NETWORKS -> "trusted networks " + String.join(", ",
                    ((List<?>) value).stream().map(Object::toString).toList());
            case PolicyDocument.FIELD_MAX_ATTEMPTS -> value + " attempts";
            case PolicyDocument.FIELD_RECOVERY_CODES -> "recovery codes " + value;
            case PolicyDocument.FIELD_REMEMBER_DEVICE -> "remember device " + (document.rememberDevice().isNever()
                    || document.rememberDevice().isForever() ? value
                    : PolicyDurations.inWords(document.rememberDevice().lifetime()));
            case PolicyDocument.FIELD_ENROLLMENT_GRACE -> "enrollment grace "
                    + PolicyDurations.inWords(document.enrollmentGrace());
            default -> "codes valid " + PolicyDurations.inWords(document.codeTtl());
        };
    }

    /** The names from the top-level group down to this one. */
    private static List<String> lineage(GroupModel group) {
        Deque<String> names = new ArrayDeque<>();
        for (GroupModel g = group; g != null; g = g.getParent()) {
            names.push(g.getName());
        }
        return List.copyOf(names);
    }

    /** Parents before their subgroups, siblings by name: the order of the group tree. */
    private static int compareLineages(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int byName = a.get(i).compareToIgnoreCase(b.get(i));
            if (byName != 0) {
                return byName;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    /** Written again whenever the realm's policies change. */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof PolicyStoreEvent.Changed changed) {
                refresh(changed.session(), changed.realm());
            }
        });
    }

    @Override
    public UiTabProvider create(KeycloakSession session) {
        return this;
    }

    @Override
    public void close() {
        // stateless
    }
}
