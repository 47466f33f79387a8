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
import org.keycloak.services.ui.extend.UiTabProvider;
import org.keycloak.services.ui.extend.UiTabProviderFactory;
import org.keycloak.util.JsonSerialization;

/**
 * The tab "MFA flows" of Authentication: the console's button for {@code POST /admin/realms/{realm}/mfa/flows}.
 * Saving it runs the same {@link FlowInstaller} with the tab's two switches as the call's {@code bind} and
 * {@code dryRun}, with the same permission (a component save needs {@code manage-realm}, as the call does) and the
 * same admin event; the Result field then says what the save did, or in a dry run would do.
 * <p>
 * The installer runs when Keycloak reports the tab's entry created or updated, never while it validates the entry:
 * a realm import validates the components it carries but reports none created, so importing a realm with this
 * tab's entry installs nothing. Validating writes the Result from the installer's plan, which the save then carries
 * out in the same transaction.
 */
public class FlowInstallerTab implements UiTabProvider, UiTabProviderFactory<ComponentModel>,
        StatelessProviderFactory<UiTabProvider> {

    public static final String PROVIDER_ID = "MFA flows";

    static final String BIND = "bind";
    static final String DRY_RUN = "dryRun";
    static final String RESULT = "result";

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

    /**
     * Writes the Result: what saving makes the installer do. Keeps the tab's own fields only (the console adds the
     * page's route parameters, realm and tab, to what it saves). It changes nothing and refuses nothing but a bad
     * switch: a realm import validates the entries it carries too, and must neither install nor fail.
     */
    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model) {
        model.getConfig().keySet().retainAll(Set.of(BIND, DRY_RUN, RESULT));
        boolean dryRun = flag(model, DRY_RUN, false);
        boolean bind = flag(model, BIND, true);
        String result;
        try {
            result = result(FlowInstaller.plan(session, realm, bind).changes(), dryRun, bind);
        } catch (FlowInstaller.AliasTaken refused) {
            result = refused.getMessage();
        }
        model.getConfig().putSingle(RESULT, result);
    }

    @Override
    public void onCreate(KeycloakSession session, RealmModel realm, ComponentModel model) {
        install(session, realm, model);
    }

    @Override
    public void onUpdate(KeycloakSession session, RealmModel realm, ComponentModel oldModel, ComponentModel newModel) {
        install(session, realm, newModel);
    }

    /**
     * Installs (unless a dry run) what the Result says, when the console saves the entry (a realm import reports no
     * entry created); a refusal is the console's error message, and rolls the save back.
     */
    private static void install(KeycloakSession session, RealmModel realm, ComponentModel model) {
        FlowInstaller installer = plan(session, realm, flag(model, BIND, true));
        if (!flag(model, DRY_RUN, false)) {
            // a save through the admin API always has an admin to name; without one the change goes unrecorded
            ConsolePages.adminEvents(session, realm).ifPresentOrElse(installer::apply, installer::apply);
        }
    }

    /** The installer's plan; its refusal (a recommended alias held elsewhere, 409 in the admin API) as the console's. */
    private static FlowInstaller plan(KeycloakSession session, RealmModel realm, boolean bind) {
        try {
            return FlowInstaller.plan(session, realm, bind);
        } catch (FlowInstaller.AliasTaken refused) {
            throw ConsolePages.refusal(refused.getMessage());
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
        if (change.containsKey("step")) {
            return "step " + change.get("step") + " of flow " + change.get("flow") + ": settings "
                    + JsonSerialization.valueAsString(change.get("settings")) + " " + change.get("action");
        }
        if (change.containsKey("realmAttribute")) {
            return "realm attribute " + change.get("realmAttribute") + ": " + JsonSerialization.valueAsString(change.get("value")) + " "
                    + change.get("action");
        }
        if (change.containsKey("clientScope")) {
            return "client scope " + change.get("clientScope") + ": mapper " + change.get("protocolMapper") + " "
                    + change.get("action");
        }
        if (change.containsKey("flow")) {
            return "created".equals(change.get("action")) ? "flow " + change.get("flow") + ": created"
                    : "flow " + change.get("flow") + ": rebuilt as recommended; its steps were:"
                            + outline(change.get("previous"));
        }
        if (change.containsKey("userProfileAttribute")) {
            return "user-profile attribute " + change.get("userProfileAttribute") + ": " + change.get("action");
        }
        String was = change.get("from") == null ? "none" : change.get("from").toString();
        String binding = change.containsKey("identityProvider")
                ? ("firstBrokerLoginFlowAlias".equals(change.get("binding")) ? "first" : "post")
                        + " broker login flow of identity provider " + change.get("identityProvider")
                : change.get("binding").toString();
        return binding + ": " + change.get("to") + " (was " + was + ")";
    }

    /** The steps a rebuilt flow held, one a line below its change, sub-flows' steps indented further. */
    private static String outline(Object previous) {
        return previous instanceof List<?> steps
                ? steps.stream().map(step -> "\n    " + step).reduce("", String::concat) : " " + previous;
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
