package dev.kcmfa.it;

import static dev.kcmfa.it.MfaAdminApi.policyPath;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.representations.idm.AdminEventRepresentation;
import org.keycloak.representations.idm.ComponentRepresentation;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.util.ApiUtil;

/**
 * Keycloak 26.7 allows {@code /} in group names: a top-level group {@code guests/vip} has the same path as the
 * subgroup {@code vip} of {@code guests}. A user administrator ({@code manage-users} only, no right to write policies)
 * can make such a look-alike; a group's policy stays with the group itself, so the look-alike neither gets it nor
 * takes it away, whichever of the two is renamed or deleted.
 */
@Tag("security")
@KeycloakIntegrationTest(config = MfaServerConfig.class)
class GroupPathCollisionTest extends DemoRealmBrowserTest {

    private static final String PAGE_TYPE = "org.keycloak.services.ui.extend.UiPageProvider";
    private static final String REQUIRED_TOTP = "{\"enforcement\":\"required\",\"methods\":[\"totp\"]}";

    @InjectAdminClient
    Keycloak adminClient;

    MfaAdminApi admin;
    String userAdminName;
    RealmResource asUserAdmin;

    @BeforeEach
    void aRealmAdminAndAUserAdmin() {
        admin = new MfaAdminApi(realm, adminClient.tokenManager().getAccessTokenString());
        RealmRepresentation settings = realm.admin().toRepresentation();
        settings.setAdminEventsDetailsEnabled(true);
        realm.admin().update(settings);
        userAdminName = DemoRealm.createUser(realm, "useradmin");
        DemoRealm.grantRealmManagementRole(realm, userAdminName, "manage-users");
        asUserAdmin = DemoRealm.adminClientOf(realm, userAdminName).realm(realm.getName());
    }

    @AfterEach
    void removeTheUserAdmin() {
        realm.admin().users().get(DemoRealm.userId(realm, userAdminName)).remove();
    }

    @Test
    void aLookAlikeGroupGetsNoneOfTheRealGroupsPolicyAndDeletingItLeavesThatPolicyAlone() throws Exception {
        String vipId = subgroupOfGuests("vip");
        assertEquals(204, admin.put(policyPath("group:/guests/vip"), REQUIRED_TOTP).status());
        String member = DemoRealm.createUser(realm, "vip", "/guests/vip");

        String lookAlikeId = ApiUtil.getCreatedId(asUserAdmin.groups().add(group("guests/vip")));
        String impostor = userAdminCreatesUserIn(lookAlikeId, "impostor");

        assertEquals(403, MfaAdminApi.asUser(realm, userAdminName)
                .put(policyPath("group-id:" + lookAlikeId), REQUIRED_TOTP).status(), "no policy writes for them");
        assertEquals("optional", enforcementOf(impostor), "the look-alike's member gets the realm default");
        LoginBrowser browser = new LoginBrowser(driver, oauth, realm);
        browser.logInWithPassword(impostor);
        assertNotNull(oauth.parseLoginResponse().getCode(), "and logs in as the default allows, nothing more");
        MfaAdminApi.Reply ambiguous = admin.put(policyPath("group:/guests/vip"), "{\"maxAttempts\":5}");
        assertEquals(400, ambiguous.status(), ambiguous.body());
        assertTrue(ambiguous.body().contains("2 groups have the path /guests/vip"), ambiguous.body());
        try (Response page = realm.admin().components().add(consolePageEntry("group:/guests/vip"))) {
            assertEquals(400, page.getStatus(), "the console page refuses to guess too");
        }

        asUserAdmin.groups().group(lookAlikeId).remove();

        JsonNode policy = admin.get(policyPath("group:/guests/vip")).json();
        assertEquals("required", policy.at("/policy/enforcement").asText(), policy.toString());
        assertEquals(vipId, policy.get("groupId").asText());
        assertEquals("/guests/vip", policy.get("groupPath").asText());
        browser.logInWithPassword(member);
        assertTrue(browser.showsTotpEnrollment(), "the real subgroup's members still need their second factor");
        realm.admin().groups().group(vipId).remove();
    }

    @Test
    void renamingOrDeletingTheRealGroupNeverHandsItsPolicyToALookAlike() throws Exception {
        String boardId = subgroupOfGuests("board");
        assertEquals(204, admin.put(policyPath("group:/guests/board"), REQUIRED_TOTP).status());
        String member = DemoRealm.createUser(realm, "board", "/guests/board");
        String lookAlikeId = ApiUtil.getCreatedId(asUserAdmin.groups().add(group("guests/board")));
        String impostor = userAdminCreatesUserIn(lookAlikeId, "impostor");
        assertEquals("optional", enforcementOf(impostor));

        GroupRepresentation board = realm.admin().groups().group(boardId).toRepresentation();
        board.setName("board-2026");
        realm.admin().groups().group(boardId).update(board);

        assertEquals("optional", enforcementOf(impostor), "the look-alike now has the path alone, not the policy");
        assertEquals("required", enforcementOf(member));
        assertEquals(404, admin.get(policyPath("group:/guests/board")).status());
        assertEquals(boardId, admin.get(policyPath("group:/guests/board-2026")).json().get("groupId").asText());

        realm.admin().groups().group(boardId).remove();

        assertFalse(DemoRealm.storedPolicyKeys(realm).contains("mfa.policy.group-id:" + boardId));
        assertEquals("optional", enforcementOf(impostor), "nor does it get the policy of the deleted group");
        AdminEventRepresentation deleted = policyEvents("group-id:" + boardId).stream()
                .filter(e -> "DELETE".equals(e.getOperationType())).findFirst().orElseThrow();
        assertTrue(deleted.getRepresentation().contains("group /guests/board-2026 deleted"),
                deleted.getRepresentation());
        asUserAdmin.groups().group(lookAlikeId).remove();
    }

    @Test
    void everyPolicyChangeIsAnAdminEventNamingItsScope() throws Exception {
        String teamId = subgroupOfGuests("team");

        assertEquals(204, admin.put(policyPath("group:/guests/team"), REQUIRED_TOTP).status());
        assertEquals(204, admin.put(policyPath("group-id:" + teamId), "{\"maxAttempts\":4}").status());
        ComponentRepresentation entry = realm.admin().components().query(realm.getId(), PAGE_TYPE).stream()
                .filter(c -> "group:/guests/team".equals(c.getConfig().getFirst("scope"))).findFirst().orElseThrow();
        entry.getConfig().putSingle("maxAttempts", "5");
        realm.admin().components().component(entry.getId()).update(entry);
        assertEquals(204, admin.delete(policyPath("group:/guests/team")).status());
        assertEquals(204, admin.put(policyPath("group:/guests/team"), REQUIRED_TOTP).status());
        realm.admin().groups().group(teamId).remove();

        List<AdminEventRepresentation> events = policyEvents("group-id:" + teamId);
        assertEquals(List.of("DELETE", "DELETE", "UPDATE", "UPDATE", "UPDATE", "UPDATE"),
                events.stream().map(AdminEventRepresentation::getOperationType).sorted().toList());
        assertEquals(1, events.stream().filter(e -> e.getRepresentation().contains("console page")).count(),
                "a save on the console page is a policy change too");
        assertTrue(events.stream().allMatch(e -> e.getRepresentation().contains("\"scope\":\"group:/guests/team\"")),
                events.stream().map(AdminEventRepresentation::getRepresentation).toList().toString());
        assertEquals(1, events.stream().filter(e -> e.getRepresentation().contains("group /guests/team deleted"))
                .count(), "the group's deletion took its policy, and says so");
    }

    @Test
    void anImportNamingAGroupByAnAmbiguousPathRequiresMfaOfEveryGroupAtThatPath() throws Exception {
        String name = "collision-" + UUID.randomUUID().toString().substring(0, 8);
        RealmRepresentation imported = new RealmRepresentation();
        imported.setRealm(name);
        imported.setEnabled(true);
        imported.setGroups(List.of(group("guests", group("vip")), group("guests/vip"), group("staff")));
        imported.setAttributes(Map.of("mfa.policy.group:/guests/vip", "{\"enforcement\":\"off\"}",
                "mfa.policy.group:/staff", REQUIRED_TOTP));
        adminClient.realms().create(imported);
        try {
            RealmResource created = adminClient.realm(name);
            Map<String, String> attributes = created.toRepresentation().getAttributes();
            String staffId = created.getGroupByPath("/staff").getId();
            assertEquals(REQUIRED_TOTP, attributes.get("mfa.policy.group-id:" + staffId), "tied to the one group");
            assertFalse(attributes.containsKey("mfa.policy.group:/staff"));
            assertTrue(attributes.containsKey("mfa.policy.group:/guests/vip"), "two groups: left as imported");

            MfaAdminApi api = MfaAdminApi.ofRealm(realm, name, adminClient.tokenManager().getAccessTokenString());
            String guestsId = created.getGroupByPath("/guests").getId();
            String subgroupId = created.groups().group(guestsId).getSubGroups(0, 1, true).get(0).getId();
            String topLevelId = created.groups().groups().stream().filter(g -> g.getName().equals("guests/vip"))
                    .findFirst().orElseThrow().getId();
            for (String groupId : List.of(subgroupId, topLevelId)) {
                String userId = ApiUtil.getCreatedId(created.users().create(DemoRealm.newUser("member")));
                created.users().get(userId).joinGroup(groupId);
                JsonNode effective = api.get("users/" + userId + "/effective-policy").json();
                assertEquals("required", effective.at("/fields/enforcement/value").asText(), effective.toString());
                assertEquals("mfa.policy.group:/guests/vip", effective.at("/error/field").asText());
            }
            JsonNode listed = api.get("policies").json();
            assertTrue(listed.toString().contains("could not be tied to exactly one group"), listed.toString());
        } finally {
            adminClient.realm(name).remove();
        }
    }

    @Test
    void aRealmExportImportsBackWithEachPolicyOnItsOwnGroupBesideALookAlike() throws Exception {
        String name = "roundtrip-" + UUID.randomUUID().toString().substring(0, 8);
        RealmRepresentation original = new RealmRepresentation();
        original.setRealm(name);
        original.setEnabled(true);
        original.setGroups(List.of(group("guests", group("vip"))));
        adminClient.realms().create(original);
        MfaAdminApi api = MfaAdminApi.ofRealm(realm, name, adminClient.tokenManager().getAccessTokenString());
        try {
            String guestsId = adminClient.realm(name).getGroupByPath("/guests").getId();
            String vipId = adminClient.realm(name).groups().group(guestsId).getSubGroups(0, 1, true).get(0).getId();
            assertEquals(204, api.put(policyPath("group-id:" + vipId), REQUIRED_TOTP).status());
            String lookAlikeId = ApiUtil.getCreatedId(adminClient.realm(name).groups().add(group("guests/vip")));
            RealmRepresentation exported = adminClient.realm(name).partialExport(true, false);

            adminClient.realm(name).remove();
            adminClient.realms().create(exported);

            RealmResource imported = adminClient.realm(name);
            assertEquals(REQUIRED_TOTP, imported.toRepresentation().getAttributes().get("mfa.policy.group-id:" + vipId));
            assertEquals("/guests/vip", api.get(policyPath("group-id:" + vipId)).json().get("groupPath").asText());
            String userId = ApiUtil.getCreatedId(imported.users().create(DemoRealm.newUser("member")));
            imported.users().get(userId).joinGroup(lookAlikeId);
            assertEquals("optional", api.get("users/" + userId + "/effective-policy").json()
                    .at("/fields/enforcement/value").asText(), "the look-alike still gets nothing");
        } finally {
            adminClient.realm(name).remove();
        }
    }

    private String subgroupOfGuests(String name) {
        String guestsId = realm.admin().getGroupByPath(DemoRealm.GUESTS).getId();
        try (Response response = realm.admin().groups().group(guestsId).subGroup(group(name))) {
            return ApiUtil.getCreatedId(response);
        }
    }

    private String userAdminCreatesUserIn(String groupId, String prefix) {
        String userId = ApiUtil.getCreatedId(asUserAdmin.users().create(DemoRealm.newUser(prefix)));
        asUserAdmin.users().get(userId).joinGroup(groupId);
        return asUserAdmin.users().get(userId).toRepresentation().getUsername();
    }

    private String enforcementOf(String username) throws Exception {
        return admin.get("users/" + DemoRealm.userId(realm, username) + "/effective-policy").json()
                .at("/fields/enforcement/value").asText();
    }

    private List<AdminEventRepresentation> policyEvents(String storedScope) {
        return realm.admin().getAdminEvents(null, null, null, null, null, "mfa/policies/" + storedScope,
                null, null, 0, 100);
    }

    private static GroupRepresentation group(String name, GroupRepresentation... subGroups) {
        GroupRepresentation group = new GroupRepresentation();
        group.setName(name);
        group.setSubGroups(List.of(subGroups));
        return group;
    }

    private ComponentRepresentation consolePageEntry(String scope) {
        ComponentRepresentation entry = new ComponentRepresentation();
        entry.setName(scope);
        entry.setProviderId("MFA policies");
        entry.setProviderType(PAGE_TYPE);
        entry.setParentId(realm.getId());
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        config.putSingle("scope", scope);
        entry.setConfig(config);
        return entry;
    }
}
