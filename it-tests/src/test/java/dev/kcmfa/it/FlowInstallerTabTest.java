package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.representations.idm.AdminEventRepresentation;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.ComponentRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.server.KeycloakUrls;

/**
 * Authentication › MFA flows, the admin console's button for {@code POST /admin/realms/{realm}/mfa/flows}, in the
 * real console in Chromium on a new, empty realm: a dry run lists what saving would change and changes nothing, a
 * save installs and binds the flows with one admin event, the next save has nothing to change; a clash of aliases is
 * the console's error message, and an admin who may only view the realm cannot install through the tab.
 */
@KeycloakIntegrationTest(config = MfaServerConfig.class)
class FlowInstallerTabTest {

    private static final String TAB = "authentication/mfa-flows";
    private static final String TAB_TYPE = "org.keycloak.services.ui.extend.UiTabProvider";
    private static final String TAB_ID = "MFA flows";
    private static final List<String> INSTALLED = List.of("mfa browser", "mfa direct grant", "mfa reset credentials",
            "mfa first broker login", "mfa post broker login");
    private static final List<String> CHANGES = List.of(
            "- flow mfa browser: created",
            "- flow mfa direct grant: created",
            "- flow mfa reset credentials: created",
            "- flow mfa first broker login: created",
            "- flow mfa post broker login: created",
            "- user-profile attribute mfa.default-method: created",
            "- realm attribute acr.loa.map: {\"pwd\":1,\"mfa\":2} created",
            "- client scope acr: mapper mfa-amr-mapper created",
            "- browserFlow: mfa browser (was browser)",
            "- directGrantFlow: mfa direct grant (was direct grant)",
            "- resetCredentialsFlow: mfa reset credentials (was reset credentials)",
            "- firstBrokerLoginFlow: mfa first broker login (was first broker login)");

    @InjectAdminClient
    Keycloak adminClient;

    @InjectKeycloakUrls
    KeycloakUrls urls;

    String name;
    RealmResource realm;

    @BeforeEach
    void newEmptyRealm() {
        realm = EmptyRealm.create(adminClient, "console-installer");
        name = realm.toRepresentation().getRealm();
    }

    @AfterEach
    void removeRealm() {
        realm.remove();
    }

    @Test
    void aDryRunListsTheChangesThenASaveInstallsAndBindsTheFlowsThenThereIsNothingToChange() throws Exception {
        try (AdminConsole console = AdminConsole.signIn(urls.getBase(), name)) {
            console.openTab(TAB);
            assertTrue(console.isOn("bind"), "binds unless told not to");
            assertFalse(console.isOn("dryRun"));

            console.turn("dryRun", true);
            assertEquals("Saved successfully", console.save());
            console.openTab(TAB);
            console.screenshot("flow-installer-tab-dry-run");
            assertEquals(result("Dry run, nothing was changed. Saved without Dry run, this tab makes these changes:"),
                    console.fieldValue("result"));
            assertTrue(topLevelAliases().stream().noneMatch(INSTALLED::contains), "nothing created");
            assertEquals(List.of("browser", "direct grant", "reset credentials"), bindings());
            assertEquals(List.of(), installEvents());

            assertTrue(console.isOn("dryRun"), "the switches as last saved");
            console.turn("dryRun", false);
            assertEquals("Saved successfully", console.save());
            console.openTab(TAB);
            console.screenshot("flow-installer-tab-installed");
            assertEquals(result("Changes made:"), console.fieldValue("result"));
            assertTrue(topLevelAliases().containsAll(INSTALLED), topLevelAliases()::toString);
            assertEquals(List.of("mfa browser", "mfa direct grant", "mfa reset credentials"), bindings());
            List<AdminEventRepresentation> events = installEvents();
            assertEquals(1, events.size(), "one admin event, as the admin API call writes");
            assertEquals("AUTH_FLOW", events.get(0).getResourceType());
            assertEquals("ACTION", events.get(0).getOperationType());

            assertEquals("Saved successfully", console.save());
            console.openTab(TAB);
            assertEquals("Nothing to change: the flows are installed and bound", console.fieldValue("result"));
            assertEquals(1, installEvents().size(), "no admin event for a save that changed nothing");
        }
    }

    @Test
    void aFlowHoldingARecommendedAliasIsTheConsolesErrorAndNothingIsInstalled() throws Exception {
        AuthenticationFlowRepresentation taken = new AuthenticationFlowRepresentation();
        taken.setAlias("mfa browser forms");
        taken.setProviderId("basic-flow");
        taken.setTopLevel(true);
        realm.flows().createFlow(taken).close();
        String refusal = "The flow 'mfa browser forms' is not where the MFA installer puts it: rename it first";

        try (AdminConsole console = AdminConsole.signIn(urls.getBase(), name)) {
            console.openTab(TAB);
            String alert = console.save();
            console.screenshot("flow-installer-tab-alias-taken");
            assertTrue(alert.contains(refusal), alert);
        }
        try (Response response = realm.components().add(tabEntry())) {
            assertEquals(400, response.getStatus(), "refused, not a server error");
            assertTrue(response.readEntity(String.class).contains(refusal));
        }
        assertTrue(topLevelAliases().stream().noneMatch(INSTALLED::contains), topLevelAliases()::toString);
        assertEquals(List.of("browser", "direct grant", "reset credentials"), bindings());
        assertTrue(realm.components().query(realm.toRepresentation().getId(), TAB_TYPE).stream()
                .noneMatch(entry -> TAB_ID.equals(entry.getProviderId())), "a refused save stores no entry");
    }

    @Test
    void anAdminWhoMayOnlyViewTheRealmCannotInstallThroughTheTab() {
        String viewer = DemoRealm.createUser(realm, "viewer");
        String realmManagement = realm.clients().findByClientId("realm-management").get(0).getId();
        realm.users().get(realm.users().search(viewer, true).get(0).getId()).roles().clientLevel(realmManagement)
                .add(List.of(realm.clients().get(realmManagement).roles().get("view-realm").toRepresentation()));

        try (Keycloak viewingAdmin = Keycloak.getInstance(urls.getBase(), name, viewer, viewer, "admin-cli");
                Response response = viewingAdmin.realm(name).components().add(tabEntry())) {
            assertEquals(403, response.getStatus(), "a save needs manage-realm, as POST mfa/flows does");
        }
        assertTrue(topLevelAliases().stream().noneMatch(INSTALLED::contains), topLevelAliases()::toString);
        assertEquals(List.of("browser", "direct grant", "reset credentials"), bindings());
    }

    private static String result(String heading) {
        return heading + "\n" + String.join("\n", CHANGES);
    }

    /** The tab's entry as the console saves it, switches at their defaults: bind, no dry run. */
    private ComponentRepresentation tabEntry() {
        ComponentRepresentation entry = new ComponentRepresentation();
        entry.setName(TAB_ID);
        entry.setProviderId(TAB_ID);
        entry.setProviderType(TAB_TYPE);
        entry.setParentId(realm.toRepresentation().getId());
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        config.putSingle("bind", "true");
        config.putSingle("dryRun", "false");
        entry.setConfig(config);
        return entry;
    }

    private List<String> topLevelAliases() {
        return realm.flows().getFlows().stream().map(AuthenticationFlowRepresentation::getAlias).toList();
    }

    private List<String> bindings() {
        RealmRepresentation rep = realm.toRepresentation();
        return List.of(rep.getBrowserFlow(), rep.getDirectGrantFlow(), rep.getResetCredentialsFlow());
    }

    private List<AdminEventRepresentation> installEvents() {
        return realm.getAdminEvents(null, null, null, null, null, "mfa/flows", null, null, 0, 100);
    }
}
