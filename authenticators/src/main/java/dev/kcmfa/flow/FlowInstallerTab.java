package dev.kcmfa.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.kcmfa.core.StatelessProviderFactory;
import dev.kcmfa.policy.ConsolePages;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.representations.idm.ErrorRepresentation;
import org.keycloak.services.ErrorResponseException;
import org.keycloak.services.ui.extend.UiTabProvider;
import org.keycloak.services.ui.extend.UiTabProviderFactory;

/**
 * The tab "MFA flows" of Authentication: the console's button for {@code POST /admin/realms/{realm}/mfa/flows}.
 * Saving it runs the same {@link FlowInstaller} with the tab's two switches as the call's {@code bind} and
 * {@code dryRun}, with the same permission (a component save needs {@code manage-realm}, as the call does) and the
 * same admin event; the Result field then says what the save did, or in a dry run would do.
 * <p>
 * The installer runs when Keycloak reports the tab's entry created or updated, never while it validates the entry:
 * a realm import validates the components it carries but reports none created, so importing a realm with this
 * tab's entry installs nothing.
 */
public class FlowInstallerTab implements UiTabProvider, UiTabProviderFactory<ComponentModel>,
        StatelessProviderFactory<UiTabProvider> {

    public static final String PROVIDER_ID = "MFA flows";

    static final String BIND = "bind";
    static final String DRY_RUN = "dryRun";
    static final String RESULT = "result";

    /** Set while the tab's entry is stored again with its result, which Keycloak reports as one more update. */
    private static final String STORING_RESULT = FlowInstallerTab.class.getName() + ".storingResult";

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getPath() {
        return "/:realm/authentication/:tab";
    }

    @Override
    public Map<String, String> getParams() {
        return Map.of("tab", "mfa-flows");
    }

    @Override
    public String getHelpText() {
        return ConsolePages.LABEL_PREFIX + "FlowsTabHelp";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        List<ProviderConfigProperty> properties = ConsolePages.labelled(ProviderConfigurationBuilder.create()
                .property().name(BIND).type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue(true).add()
                .property().name(DRY_RUN).type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue(false).add()
                .property().name(RESULT).type(ProviderConfigProperty.TEXT_TYPE).add()
                .build());
        properties.get(2).setReadOnly(true);
        return properties;
    }

    /** Keeps the tab's own fields only: the console adds the page's route parameters (realm, tab) to what it saves. */
    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model) {
        model.getConfig().keySet().retainAll(Set.of(BIND, DRY_RUN, RESULT));
        flag(model, BIND, true);
        flag(model, DRY_RUN, false);
    }

    @Override
    public void onCreate(KeycloakSession session, RealmModel realm, ComponentModel model) {
        install(session, realm, model);
    }

    @Override
    public void onUpdate(KeycloakSession session, RealmModel realm, ComponentModel oldModel, ComponentModel newModel) {
        install(session, realm, newModel);
    }

    /** Plans, applies unless a dry run, and stores the result with the entry (which a refusal rolls back). */
    private static void install(KeycloakSession session, RealmModel realm, ComponentModel model) {
        if (session.getAttribute(STORING_RESULT) != null) {
            return;
        }
        boolean dryRun = flag(model, DRY_RUN, false);
        boolean bind = flag(model, BIND, true);
        FlowInstaller installer = plan(session, realm, bind);
        if (!dryRun) {
            ConsolePages.adminEvents(session, realm).ifPresentOrElse(installer::apply, installer::apply);
        }
        model.getConfig().putSingle(RESULT, result(installer.changes(), dryRun, bind));
        session.setAttribute(STORING_RESULT, Boolean.TRUE);
        try {
            realm.updateComponent(model);
        } finally {
            session.removeAttribute(STORING_RESULT);
        }
    }

    /** The installer's plan; its refusal (a recommended alias held elsewhere, 409 in the admin API) as the console's. */
    private static FlowInstaller plan(KeycloakSession session, RealmModel realm, boolean bind) {
        try {
            return FlowInstaller.plan(session, realm, bind);
        } catch (ErrorResponseException e) {
            throw ConsolePages.refusal(e.getResponse().getEntity() instanceof ErrorRepresentation error
                    ? error.getErrorMessage() : "The MFA flows cannot be installed in this realm");
        }
    }

    /** A switch as the console saves it, "true" or "false"; absent, its default. */
    private static boolean flag(ComponentModel model, String name, boolean absent) {
        String value = model.get(name);
        if (value == null || value.isEmpty()) {
            return absent;
        }
        if (!value.equals("true") && !value.equals("false")) {
            throw ConsolePages.refusal(name + " must be true or false, not " + value);
        }
        return Boolean.parseBoolean(value);
    }

    /** The changes as the admin API lists them, one line each, under a line saying whether they were made. */
    static String result(List<Map<String, Object>> changes, boolean dryRun, boolean bind) {
        if (changes.isEmpty()) {
            return bind ? "Nothing to change: the flows are installed and bound"
                    : "Nothing to change: the flows are installed";
        }
        List<String> lines = new ArrayList<>();
        lines.add(dryRun ? "Dry run, nothing was changed. Saved without Dry run, this tab makes these changes:"
                : "Changes made:");
        changes.forEach(change -> lines.add("- " + line(change)));
        return String.join("\n", lines);
    }

    private static String line(Map<String, Object> change) {
        if (change.containsKey("flow")) {
            return "created".equals(change.get("action")) ? "flow " + change.get("flow") + ": created"
                    : "flow " + change.get("flow") + ": rebuilt as recommended (it was: "
                            + String.join("; ", outline(change.get("previous"))) + ")";
        }
        String was = change.get("from") == null ? "none" : change.get("from").toString();
        String binding = change.containsKey("identityProvider")
                ? "post broker login flow of identity provider " + change.get("identityProvider")
                : change.get("binding").toString();
        return binding + ": " + change.get("to") + " (was " + was + ")";
    }

    private static List<String> outline(Object previous) {
        return previous instanceof List<?> steps ? steps.stream().map(step -> step.toString().trim()).toList()
                : List.of(String.valueOf(previous));
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
