package dev.kcmfa.it;

import static dev.kcmfa.it.MfaAdminApi.policyPath;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.representations.idm.ComponentRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

/**
 * The admin console's "MFA policies" page: in the real console in Chromium (what an admin sees, with screenshots in
 * {@code target/screenshots/}), and through Keycloak's components API, which the console calls, checking what a login
 * then does.
 */
@KeycloakIntegrationTest(config = MfaServerConfig.class)
class PolicyConsolePageTest extends DemoRealmBrowserTest {

    private static final String PAGE = "MFA policies";
    private static final String PAGE_TYPE = "org.keycloak.services.ui.extend.UiPageProvider";

    @InjectAdminClient
    Keycloak adminClient;

    MfaAdminApi admin;

    @BeforeEach
    void asRealmAdmin() {
        admin = new MfaAdminApi(realm, adminClient.tokenManager().getAccessTokenString());
    }

    @Test
    void anEntrySavedOnThePageBecomesTheGroupsPolicyWithoutWritingJson() throws Exception {
        String id = save(entry("group:/guests", Map.of("enforcement", List.of("required"),
                "methods", List.of("totp"), "rememberDevice", List.of("P1D"))));

        assertEquals("required", admin.get(policyPath("group:/guests")).json().at("/policy/enforcement").asText());
        assertEquals("P1D", admin.get(policyPath("group:/guests")).json().at("/policy/rememberDevice").asText());
        String guest = DemoRealm.createUser(realm, "paged", DemoRealm.GUESTS);
        LoginBrowser browser = new LoginBrowser(driver, oauth, realm);
        browser.logInWithPassword(guest);
        assertTrue(browser.showsTotpEnrollment());

        realm.admin().components().component(id).remove();
        assertEquals(404, admin.get(policyPath("group:/guests")).status(), "removing the entry removes the policy");
    }

    @Test
    void aBadEntryIsRefusedWithTheFieldNamedAndNothingIsStored() throws Exception {
        try (Response response = realm.admin().components().add(entry("group:/guests",
                Map.of("trustedNetworks", List.of("10.0.0.0/33"))))) {
            assertEquals(400, response.getStatus());
            String error = response.readEntity(String.class);
            assertTrue(error.contains("trustedNetworks[0]") && error.contains("'10.0.0.0/33'"),
                    "the field is named and the value quoted (Keycloak formats the message): " + error);
        }
        try (Response response = realm.admin().components().add(entry("group:/nobody", Map.of()))) {
            assertEquals(400, response.getStatus());
            assertTrue(response.readEntity(String.class).contains("No group at path /nobody"));
        }
        try (Response response = realm.admin().components().add(entry("group:/it's {odd", Map.of()))) {
            assertEquals(400, response.getStatus(), "quotes and braces typed by the admin are text, not format");
            assertTrue(response.readEntity(String.class).contains("No group at path /it's {odd"));
        }
        assertEquals(404, admin.get(policyPath("group:/guests")).status());
    }

    @Test
    void aPolicyPutThroughTheAdminApiShowsOnThePage() throws Exception {
        admin.put(policyPath("group:/guests"), "{\"enforcement\":\"optional\",\"maxAttempts\":4}");

        ComponentRepresentation entry = realm.admin().components().query(realm.getId(), PAGE_TYPE).stream()
                .filter(c -> "group:/guests".equals(c.getConfig().getFirst("scope"))).findFirst().orElseThrow();
        assertEquals("optional", entry.getConfig().getFirst("enforcement"));
        assertEquals("4", entry.getConfig().getFirst("maxAttempts"));

        admin.delete(policyPath("group:/guests"));
        assertTrue(realm.admin().components().query(realm.getId(), PAGE_TYPE).stream()
                .noneMatch(c -> "group:/guests".equals(c.getConfig().getFirst("scope"))));
    }

    @Test
    void anEntryOpenedAndSavedUnchangedKeepsItsStoredPolicyByteForByteAndItsMethodOrder() throws Exception {
        String attribute = "mfa.policy.group-id:" + realm.admin().getGroupByPath(DemoRealm.MOBILE).getId();
        String imported = realmAttribute(attribute);
        assertEquals("{\"enforcement\": \"required\", \"methods\": [\"push\", \"totp\"]}", imported);

        try (AdminConsole console = AdminConsole.signIn(realm)) {
            console.openEntry("group:/mobile");
            assertEquals("push, totp", console.fieldValue("methods"), "the stored order, first choice first");
            assertEquals("MFA › Details", console.breadcrumb());
            assertEquals("group:/mobile", console.title());
            console.screenshot("policy-entry-mobile");
            assertEquals("Saved successfully", console.save());
        }

        assertEquals(imported, realmAttribute(attribute), "saved unchanged: the stored text is untouched");
        LoginBrowser browser = new LoginBrowser(driver, oauth, realm);
        browser.logInWithPassword(DemoRealm.createUser(realm, "newmobile", DemoRealm.MOBILE));
        assertTrue(browser.showsPushEnrollment(), "a new /mobile user is still sent to push, the first method");
    }

    @Test
    void theListShowsEveryMethodInPreferenceOrderAndRememberDeviceInWords() throws Exception {
        try (AdminConsole console = AdminConsole.signIn(realm)) {
            List<List<String>> rows = console.policyList();
            console.screenshot("policy-list");
            assertTrue(rows.contains(List.of("group:/mobile", "required", "push, totp", "inherited")), rows::toString);
            assertTrue(rows.contains(List.of("group:/staff", "required", "totp", "7 days")), rows::toString);
            assertTrue(rows.contains(List.of("default", "optional", "inherited")), rows::toString);
        }
    }

    @Test
    void aGroupPickedFromTheRealmsGroupsGetsAPolicyWithDurationsInWordsAndMethodsInTheOrderTyped()
            throws Exception {
        try (AdminConsole console = AdminConsole.signIn(realm)) {
            console.newEntry();
            console.pickGroup("guests");
            console.type("methods", "email, totp");
            console.type("rememberDevice", "12 hours");
            console.type("enrollmentGrace", "P7D");
            console.screenshot("policy-new-entry-picked-group");
            assertEquals("Saved successfully", console.save());

            assertEquals("{\"methods\":[\"email\",\"totp\"],\"rememberDevice\":\"PT12H\","
                    + "\"enrollmentGrace\":\"P7D\"}", admin.get(policyPath("group:/guests")).json().get("policy")
                    .toString());
            console.openEntry("group:/guests");
            assertEquals("/guests", console.pickedGroup());
            assertEquals("PT12H", console.fieldValue("rememberDevice"));
            assertEquals("12 hours", console.fieldValue("rememberDeviceInWords"));
            assertEquals("7 days", console.fieldValue("enrollmentGraceInWords"));
            assertEquals("inherited", console.fieldValue("codeTtlInWords"));
            console.screenshot("policy-entry-durations-in-words");

            console.type("methods", "totp, email");
            assertEquals("Saved successfully", console.save());
            assertEquals("[\"totp\",\"email\"]",
                    admin.get(policyPath("group:/guests")).json().at("/policy/methods").toString(),
                    "the order changed on purpose");
        } finally {
            admin.delete(policyPath("group:/guests"));
        }
    }

    @Test
    void aUserLookedUpByNameShowsThePolicyInForceAndWhereEachSettingComesFrom() throws Exception {
        try (AdminConsole console = AdminConsole.signIn(realm)) {
            console.newEntry(AdminConsole.USER_POLICY_PAGE);
            console.type("username", "alice");
            assertEquals("Saved successfully", console.save());

            List<List<String>> rows = console.list(AdminConsole.USER_POLICY_PAGE);
            assertTrue(rows.contains(List.of("alice", "required (from group:/staff)", "totp (from group:/staff)",
                    "7 days = P7D (from group:/staff)")), rows::toString);
            console.openEntry(AdminConsole.USER_POLICY_PAGE, "alice", "username");
            assertEquals("3 (from group:/staff)", console.fieldValue("maxAttempts"));
            assertEquals("5 minutes = PT5M (from built-in)", console.fieldValue("codeTtl"));
            console.screenshot("effective-policy-alice");

            admin.put(policyPath("group:/staff"), "{\"enforcement\":\"required\",\"methods\":[\"push\",\"totp\"]}");
            assertTrue(console.list(AdminConsole.USER_POLICY_PAGE).contains(List.of("alice",
                    "required (from group:/staff)", "push, totp (from group:/staff)", "never (from built-in)")),
                    "computed again when a policy changes");

            String guest = DemoRealm.createUser(realm, "joiner", DemoRealm.GUESTS);
            console.newEntry(AdminConsole.USER_POLICY_PAGE);
            console.type("username", guest);
            assertEquals("Saved successfully", console.save());
            assertTrue(console.list(AdminConsole.USER_POLICY_PAGE).contains(List.of(guest,
                    "optional (from default)", "push, totp, email, webauthn, passkey (from built-in)",
                    "never (from built-in)")));
            String guestId = realm.admin().users().search(guest, true).get(0).getId();
            realm.admin().users().get(guestId).joinGroup(realm.admin().getGroupByPath(DemoRealm.MOBILE).getId());
            List<List<String>> afterJoining = console.list(AdminConsole.USER_POLICY_PAGE);
            console.screenshot("effective-policy-list");
            List<String> joined = afterJoining.stream().filter(row -> row.get(0).equals(guest)).findFirst().orElseThrow();
            assertEquals("required (from group:/mobile)", joined.get(1), "computed again when the user joins a group");
            assertTrue(joined.get(2).startsWith("push, totp (from ") && joined.get(2).contains("group:/mobile"),
                    "the methods both groups allow, and both groups named: " + joined);
        } finally {
            admin.put(policyPath("group:/staff"), "{\"enforcement\": \"required\", \"methods\": [\"totp\"], "
                    + "\"maxAttempts\": 3, \"rememberDevice\": \"P7D\"}");
        }
    }

    @Test
    void anAdminWhoseConsoleIsInGermanReadsThePagesInGerman() throws Exception {
        RealmResource master = adminClient.realm("master");
        RealmRepresentation before = master.toRepresentation();
        offerLanguages(master, true, Set.of("en", "de"));
        try (AdminConsole console = AdminConsole.signIn(realm, "de")) {
            console.policyList();
            assertEquals("MFA-Richtlinien", console.title());
            assertEquals(List.of("Geltungsbereich", "Durchsetzung", "Erlaubte Methoden", "Gerät merken, in Worten"),
                    console.columnNames());
            console.screenshot("policy-list-de");
            console.openEntry("group:/staff");
            assertTrue(console.fieldLabels().containsAll(List.of("Geltungsbereich", "Gruppe", "Gespeichert als",
                    "Einrichtungsfrist", "Gültigkeit der Codes, in Worten")), console.fieldLabels()::toString);
            console.screenshot("policy-entry-staff-de");
        } finally {
            offerLanguages(master, Boolean.TRUE.equals(before.isInternationalizationEnabled()),
                    before.getSupportedLocales() == null ? Set.of() : before.getSupportedLocales());
        }
    }

    /** The languages the master realm offers, of which the admin console takes the browser's. */
    private static void offerLanguages(RealmResource master, boolean enabled, Set<String> languages) {
        RealmRepresentation representation = master.toRepresentation();
        representation.setInternationalizationEnabled(enabled);
        representation.setSupportedLocales(languages);
        master.update(representation);
    }

    @Test
    void realmSettingsListEveryPolicyInGroupTreeOrder() throws Exception {
        try (AdminConsole console = AdminConsole.signIn(realm)) {
            List<List<String>> rows = console.policyOverview();
            console.screenshot("policy-overview-in-group-tree-order");

            assertEquals(List.of("default", "group:/admins", "group:/contractors", "group:/exempt", "group:/mobile",
                    "group:/partners", "group:/staff", "group:/staff/finance", "group:/staff/office"),
                    rows.stream().map(row -> row.get(0)).toList());
            assertEquals(List.of("group:/staff", "required · totp · remember device 7 days · 3 attempts"), rows.get(6));
            assertEquals(List.of("group:/mobile", "required · push, totp"), rows.get(4));
            assertEquals(List.of("group:/staff/finance", "recovery codes offer"), rows.get(7));
        }
    }

    private String realmAttribute(String name) {
        return realm.admin().toRepresentation().getAttributes().get(name);
    }

    @Test
    void anAdminWhoMayManageTheRealmButNotViewUsersLearnsNothingOfAUserByLookingThemUp() throws Exception {
        String helper = DemoRealm.createUser(realm, "realm-admin");
        String target = DemoRealm.createUser(realm, "looked-up", DemoRealm.ENGINEERING);
        String realmManagement = realm.admin().clients().findByClientId("realm-management").get(0).getId();
        realm.admin().users().get(DemoRealm.userId(realm, helper)).roles().clientLevel(realmManagement).add(
                List.of("manage-realm", "view-realm").stream()
                        .map(role -> realm.admin().clients().get(realmManagement).roles().get(role).toRepresentation())
                        .toList());
        ComponentRepresentation lookup = lookup(target);
        String server = realm.getBaseUrl().substring(0, realm.getBaseUrl().indexOf("/realms/"));

        try (Keycloak realmAdmin = Keycloak.getInstance(server, realm.getName(), helper, helper, "admin-cli");
                Response response = realmAdmin.realm(realm.getName()).components().add(lookup)) {
            assertEquals(400, response.getStatus(), "the admin API would answer 403 for this user");
            assertTrue(response.readEntity(String.class).contains("No user with username or email address " + target),
                    "the same answer as for a user who does not exist");
        }
        assertTrue(realm.admin().components().query(realm.getId(), PAGE_TYPE).stream()
                .noneMatch(c -> AdminConsole.USER_POLICY_PAGE.equals(c.getProviderId())
                        && target.equals(c.getConfig().getFirst("username"))), "no entry stored");
    }

    @Test
    void aLookedUpOfficeUserShowsTheNetworksSheMaySkipMfaFrom() {
        String carol = DemoRealm.createUser(realm, "office", DemoRealm.OFFICE);

        String id = save(lookup(carol));

        assertEquals("127.0.0.1/32, ::1/128 (from group:/staff/office)",
                realm.admin().components().component(id).toRepresentation().getConfig().getFirst("trustedNetworks"));
        realm.admin().components().component(id).remove();
    }

    /** An entry of the page "MFA policy of a user", as the console saves it when the admin types a username. */
    private ComponentRepresentation lookup(String username) {
        ComponentRepresentation lookup = new ComponentRepresentation();
        lookup.setName(username);
        lookup.setProviderId(AdminConsole.USER_POLICY_PAGE);
        lookup.setProviderType(PAGE_TYPE);
        lookup.setParentId(realm.getId());
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        config.putSingle("username", username);
        lookup.setConfig(config);
        return lookup;
    }

    private ComponentRepresentation entry(String scope, Map<String, List<String>> fields) {
        ComponentRepresentation entry = new ComponentRepresentation();
        entry.setName(scope);
        entry.setProviderId(PAGE);
        entry.setProviderType(PAGE_TYPE);
        entry.setParentId(realm.getId());
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        config.putSingle("scope", scope);
        fields.forEach(config::put);
        entry.setConfig(config);
        return entry;
    }

    private String save(ComponentRepresentation entry) {
        try (Response response = realm.admin().components().add(entry)) {
            assertEquals(201, response.getStatus(), () -> response.readEntity(String.class));
            String location = response.getLocation().getPath();
            return location.substring(location.lastIndexOf('/') + 1);
        }
    }
}
