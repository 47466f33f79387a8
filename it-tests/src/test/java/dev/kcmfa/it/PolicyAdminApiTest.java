package dev.kcmfa.it;

import static dev.kcmfa.it.MfaAdminApi.policyPath;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.util.ApiUtil;

@KeycloakIntegrationTest(config = MfaServerConfig.class)
class PolicyAdminApiTest extends DemoRealmBrowserTest {

    @InjectAdminClient
    Keycloak adminClient;

    MfaAdminApi admin;

    @BeforeEach
    void asRealmAdmin() {
        admin = new MfaAdminApi(realm, adminClient.tokenManager().getAccessTokenString());
    }

    @Test
    void aPolicyPutThroughTheApiTakesEffectAtTheNextLoginAndCanBeRemoved() throws Exception {
        String scope = policyPath("group:/guests");
        assertEquals(204, admin.put(scope, "{\"enforcement\":\"required\",\"methods\":[\"totp\"]}").status());
        assertEquals("required", admin.get(scope).json().at("/policy/enforcement").asText());
        String guest = DemoRealm.createUser(realm, "guest", DemoRealm.GUESTS);
        LoginBrowser browser = new LoginBrowser(driver, oauth, realm);

        browser.logInWithPassword(guest);
        assertTrue(browser.showsTotpEnrollment(), "the new /guests policy requires MFA");

        assertEquals(204, admin.delete(scope).status());
        assertEquals(404, admin.get(scope).status());
        browser.logInWithPassword(guest);
        assertTrue(oauth.parseLoginResponse().getCode() != null, "back to the realm default: password only");
    }

    @Test
    void badPoliciesAreRefusedWithTheFieldNamedAndLeaveTheStoredPolicyAlone() throws Exception {
        String scope = policyPath("group:/staff");
        String before = admin.get(scope).body();
        Map<String, String> badBodies = Map.of(
                "{\"enforcement\":", "policy",
                "{\"methods\":[\"fax\"]}", "methods",
                "{\"trustedNetworks\":[\"10.0.0.0/8\",\"10.0.0.0/33\"]}", "trustedNetworks[1]",
                "{\"rememberDevice\":\"30 days\"}", "rememberDevice",
                "{\"maxAttempts\":0}", "maxAttempts",
                "{\"color\":\"blue\"}", "color",
                "{\"methods\":[\"totp\",\"recovery-codes\"]}", "methods",
                "{\"recoveryCodes\":\"sometimes\"}", "recoveryCodes");

        for (Map.Entry<String, String> bad : badBodies.entrySet()) {
            MfaAdminApi.Reply reply = admin.put(scope, bad.getKey());
            assertEquals(400, reply.status(), bad.getKey());
            assertEquals(bad.getValue(), reply.json().get("field").asText(), bad.getKey());
            assertFalse(reply.json().get("message").asText().isBlank());
        }
        assertEquals(before, admin.get(scope).body());
        assertEquals(400, admin.post("policies/validate", "{\"methods\":\"totp\"}").status());
        assertTrue(admin.post("policies/validate", "{\"methods\":[\"totp\"]}").json().get("valid").asBoolean());
    }

    @Test
    void unknownScopesAndGroupsAreRefused() throws Exception {
        assertEquals(400, admin.put(policyPath("team:blue"), "{}").status());
        assertEquals(404, admin.put(policyPath("group:/nope"), "{}").status());
        assertEquals(404, admin.put(policyPath("user:no-such-id"), "{}").status());
        assertEquals(400, admin.put(policyPath("domain:not a domain"), "{}").status());
    }

    @Tag("security")
    @Test
    void anEmailScopeIsStoredAsLoginsCompareAddressesWhateverCaseTheAdminTyped() throws Exception {
        String user = DemoRealm.createUser(realm, "mixed", DemoRealm.GUESTS);
        String typed = "email:" + user.toUpperCase(Locale.ROOT) + "@example.org";

        assertEquals(204, admin.put(policyPath(typed), "{\"enforcement\":\"required\"}").status());

        try {
            JsonNode fields = admin.get("users/" + DemoRealm.userId(realm, user) + "/effective-policy").json()
                    .get("fields");
            assertEquals("required", fields.at("/enforcement/value").asText(), "the policy applies to the address");
            assertEquals("email:" + user + "@example.org", fields.at("/enforcement/source").asText());
            assertTrue(DemoRealm.storedPolicyKeys(realm).contains("mfa.policy.email:" + user + "@example.org"));
        } finally {
            assertEquals(204, admin.delete(policyPath(typed)).status());
        }
    }

    @Test
    void theEffectivePolicyOfAUserSaysWhereEachFieldComesFrom() throws Exception {
        String engineer = DemoRealm.createUser(realm, "engineer", DemoRealm.ENGINEERING);

        JsonNode fields = admin.get("users/" + DemoRealm.userId(realm, engineer) + "/effective-policy").json()
                .get("fields");

        assertEquals("required", fields.at("/enforcement/value").asText());
        assertEquals("group:/staff", fields.at("/enforcement/source").asText());
        assertEquals("totp", fields.at("/methods/value/0").asText());
        assertEquals(3, fields.at("/maxAttempts/value").asInt());
        assertEquals("PT5M", fields.at("/codeTtl/value").asText());
        assertEquals("built-in", fields.at("/codeTtl/source").asText());
    }

    @Test
    void theEffectivePolicySaysWhereRecoveryCodesComeFromAndKeepsThemOutOfTheMethods() throws Exception {
        String financier = DemoRealm.createUser(realm, "finance", DemoRealm.FINANCE);
        String inBoth = DemoRealm.createUser(realm, "both", DemoRealm.FINANCE, DemoRealm.EXEMPT);

        JsonNode fields = admin.get("users/" + DemoRealm.userId(realm, financier) + "/effective-policy").json()
                .at("/fields");
        JsonNode both = admin.get("users/" + DemoRealm.userId(realm, inBoth) + "/effective-policy").json()
                .at("/fields/recoveryCodes");

        assertEquals("offer", fields.at("/recoveryCodes/value").asText());
        assertEquals("group:/staff/finance", fields.at("/recoveryCodes/source").asText());
        assertEquals("[\"totp\"]", fields.at("/methods/value").toString());
        assertEquals("off", both.get("value").asText(), "codes only where every policy allows them");
    }

    @Test
    void theEffectiveTrustedNetworksAreOneListOfWhatEveryPolicyTrustsWithTheirSources() throws Exception {
        String officeWorker = DemoRealm.createUser(realm, "office", DemoRealm.OFFICE);
        String inBoth = DemoRealm.createUser(realm, "both", DemoRealm.OFFICE, DemoRealm.ENGINEERING);

        JsonNode office = admin.get("users/" + DemoRealm.userId(realm, officeWorker) + "/effective-policy").json()
                .at("/fields/trustedNetworks");
        JsonNode both = admin.get("users/" + DemoRealm.userId(realm, inBoth) + "/effective-policy").json()
                .at("/fields/trustedNetworks");

        assertEquals("[\"127.0.0.1/32\",\"::1/128\"]", office.get("value").toString());
        assertEquals("group:/staff/office", office.get("source").asText());
        assertEquals("[]", both.get("value").toString(), "engineering trusts no network, so the user is trusted nowhere");
        assertEquals(Set.of("group:/staff/office", "built-in"), Set.of(both.get("source").asText().split(" \\+ ")),
                "each policy that applies, engineering's from the built-in default");
    }

    @Test
    void aUserOverrideReplacesTheGroupPolicies() throws Exception {
        String engineer = DemoRealm.createUser(realm, "exempt", DemoRealm.ENGINEERING);
        String userId = DemoRealm.userId(realm, engineer);

        assertEquals(204, admin.put(policyPath("user:" + userId), "{\"enforcement\":\"off\"}").status());

        JsonNode fields = admin.get("users/" + userId + "/effective-policy").json().get("fields");
        assertEquals("off", fields.at("/enforcement/value").asText());
        assertEquals("user:" + userId, fields.at("/enforcement/source").asText());
        new LoginBrowser(driver, oauth, realm).logInWithPassword(engineer);
        assertTrue(oauth.parseLoginResponse().getCode() != null, "no second factor for this user");
        admin.delete(policyPath("user:" + userId));
    }

    @Test
    void resettingAUsersMfaMakesTheNextLoginEnrollAgain() throws Exception {
        String engineer = DemoRealm.createUser(realm, "reset", DemoRealm.ENGINEERING);
        LoginBrowser browser = new LoginBrowser(driver, oauth, realm);
        browser.enrollTotp(engineer);

        MfaAdminApi.Reply reply = admin.post("users/" + DemoRealm.userId(realm, engineer) + "/reset", "");

        assertEquals(200, reply.status(), reply.body());
        assertEquals(1, reply.json().get("removedCredentials").asInt());
        browser.logInWithPassword(engineer);
        assertTrue(browser.showsTotpEnrollment());
    }

    @Test
    void renamingAGroupKeepsItsPolicyAndItsSubgroupsPolicies() throws Exception {
        GroupRepresentation staff = realm.admin().getGroupByPath("/staff");
        admin.put(policyPath("group:/staff/engineering"), "{\"maxAttempts\":2}");
        staff.setName("personnel");
        realm.admin().groups().group(staff.getId()).update(staff);
        try {
            assertEquals(404, admin.get(policyPath("group:/staff")).status());
            assertEquals("required", admin.get(policyPath("group:/personnel")).json().at("/policy/enforcement").asText());
            assertEquals(2, admin.get(policyPath("group:/personnel/engineering")).json().at("/policy/maxAttempts").asInt());
            assertEquals(List.of("group:/personnel", "group:/personnel/engineering", "group:/personnel/finance",
                    "group:/personnel/office"), consolePageScopesUnder("group:/personnel"), "the console page shows the moved policies");
            assertTrue(consolePageScopesUnder("group:/staff").isEmpty(), "and no entry under the old path");
        } finally {
            staff.setName("staff");
            realm.admin().groups().group(staff.getId()).update(staff);
            admin.delete(policyPath("group:/staff/engineering"));
        }
    }

    @Test
    void movingAGroupUnderAnotherParentKeepsItsPolicy() throws Exception {
        GroupRepresentation engineering = realm.admin().getGroupByPath("/staff/engineering");
        GroupRepresentation guests = realm.admin().getGroupByPath("/guests");
        GroupRepresentation staff = realm.admin().getGroupByPath("/staff");
        admin.put(policyPath("group:/staff/engineering"), "{\"maxAttempts\":2}");

        realm.admin().groups().group(guests.getId()).subGroup(engineering).close();
        try {
            assertEquals(404, admin.get(policyPath("group:/staff/engineering")).status());
            assertEquals(2, admin.get(policyPath("group:/guests/engineering")).json().at("/policy/maxAttempts").asInt());
        } finally {
            realm.admin().groups().group(staff.getId()).subGroup(engineering).close();
            admin.delete(policyPath("group:/staff/engineering"));
        }
    }

    @Test
    void deletingAGroupTakesItsPoliciesAwaySoANewGroupOfTheSameNameStartsClean() throws Exception {
        GroupRepresentation group = new GroupRepresentation();
        group.setName("interns");
        String groupId = ApiUtil.getCreatedId(realm.admin().groups().add(group));
        GroupRepresentation team = new GroupRepresentation();
        team.setName("team");
        String teamId;
        try (Response created = realm.admin().groups().group(groupId).subGroup(team)) {
            teamId = ApiUtil.getCreatedId(created);
        }
        assertEquals(204, admin.put(policyPath("group:/interns"),
                "{\"enforcement\":\"required\",\"methods\":[\"totp\"]}").status());
        assertEquals(204, admin.put(policyPath("group:/interns/team"), "{\"maxAttempts\":5}").status());

        realm.admin().groups().group(groupId).remove();

        assertTrue(storedPolicyKeys().stream().noneMatch(k -> k.equals("mfa.policy.group-id:" + groupId)
                || k.equals("mfa.policy.group-id:" + teamId)), storedPolicyKeys().toString());
        assertTrue(consolePageScopesUnder("group:/interns").isEmpty());
        group.setId(null);
        String newGroupId = ApiUtil.getCreatedId(realm.admin().groups().add(group));
        String intern = DemoRealm.createUser(realm, "intern", "/interns");
        LoginBrowser browser = new LoginBrowser(driver, oauth, realm);
        browser.logInWithPassword(intern);
        assertFalse(browser.showsTotpEnrollment(), "the old policy does not come back with the name");
        assertTrue(oauth.parseLoginResponse().getCode() != null, "the realm default (optional) applies");
        realm.admin().groups().group(newGroupId).remove();
    }

    @Test
    void deletingAUserTakesTheirOverrideAway() throws Exception {
        String userId = DemoRealm.userId(realm, DemoRealm.createUser(realm, "leaver", DemoRealm.ENGINEERING));
        assertEquals(204, admin.put(policyPath("user:" + userId), "{\"enforcement\":\"off\"}").status());
        assertTrue(storedPolicyKeys().contains("mfa.policy.user:" + userId));

        realm.admin().users().get(userId).remove();

        assertFalse(storedPolicyKeys().contains("mfa.policy.user:" + userId));
        assertTrue(consolePageScopesUnder("user:" + userId).isEmpty());
    }

    @Test
    void onlyAdminsWithRealmRolesMayReadOrWritePolicies() throws Exception {
        String nobody = DemoRealm.createUser(realm, "nobody", DemoRealm.GUESTS);
        String viewer = DemoRealm.createUser(realm, "viewer", DemoRealm.GUESTS);
        DemoRealm.grantRealmManagementRole(realm, viewer, "view-realm");

        MfaAdminApi asNobody = MfaAdminApi.asUser(realm, nobody);
        MfaAdminApi asViewer = MfaAdminApi.asUser(realm, viewer);

        assertEquals(403, asNobody.get("policies").status());
        assertEquals(403, asNobody.put(policyPath("default"), "{\"enforcement\":\"off\"}").status());
        assertEquals(200, asViewer.get("policies").status());
        assertEquals(403, asViewer.put(policyPath("default"), "{\"enforcement\":\"off\"}").status());
        assertEquals(401, new MfaAdminApi(realm, "not-a-token").get("policies").status());
        assertEquals("optional", admin.get(policyPath("default")).json().at("/policy/enforcement").asText());
    }

    private List<String> storedPolicyKeys() {
        return DemoRealm.storedPolicyKeys(realm);
    }

    /** The scopes of the admin console page's entries that start with {@code prefix}. */
    private List<String> consolePageScopesUnder(String prefix) {
        return realm.admin().components().query(realm.getId(), "org.keycloak.services.ui.extend.UiPageProvider")
                .stream().map(c -> c.getConfig().getFirst("scope"))
                .filter(scope -> scope != null && scope.startsWith(prefix)).sorted().toList();
    }
}
