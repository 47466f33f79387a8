package dev.kcmfa.it;

import static dev.kcmfa.it.MfaAdminApi.policyPath;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.representations.idm.ComponentRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

/**
 * The admin console's "MFA policies" page saves its entries through Keycloak's components API, as the console does;
 * these tests make the same calls and check what a login then does.
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
