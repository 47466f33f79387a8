package dev.kcmfa.it;

import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.util.JsonSerialization;

/**
 * What an admin reads of the demo realm on one server, as JSON, to compare two servers: the bundle's policy
 * documents ({@code GET .../mfa/policies}), the flows with their executions and each execution's config, and the
 * realm's keys. Flows are listed by alias (Keycloak lists them in no set order), executions without their ids: a
 * realm file has none (they are new after an import), flows and configs keep theirs.
 */
record RealmState(JsonNode policies, JsonNode flows, JsonNode keys) {

    static RealmState of(KeycloakNode server) throws Exception {
        try (Keycloak admin = BackupRestoreTest.adminOf(server)) {
            RealmResource realm = admin.realm(DemoApp.REALM);
            MfaAdminApi.Reply policies = MfaAdminApi.ofServer(server.url(), DemoApp.REALM,
                    admin.tokenManager().getAccessTokenString()).get("policies");
            if (policies.status() != 200) {
                throw new IllegalStateException("policies: " + policies.status() + " " + policies.body());
            }
            return new RealmState(policies.json(), flows(realm),
                    JsonSerialization.mapper.valueToTree(realm.keys().getKeyMetadata().getKeys()));
        }
    }

    private static JsonNode flows(RealmResource realm) {
        ArrayNode flows = JsonSerialization.mapper.createArrayNode();
        List<AuthenticationFlowRepresentation> byAlias = realm.flows().getFlows().stream()
                .sorted(Comparator.comparing(AuthenticationFlowRepresentation::getAlias)).toList();
        for (AuthenticationFlowRepresentation flow : byAlias) {
            ObjectNode entry = JsonSerialization.mapper.valueToTree(flow);
            ArrayNode executions = entry.putArray("executionsWithConfig");
            for (AuthenticationExecutionInfoRepresentation execution : realm.flows().getExecutions(flow.getAlias())) {
                ObjectNode node = JsonSerialization.mapper.valueToTree(execution);
                node.remove("id");
                if (execution.getAuthenticationConfig() != null) {
                    node.set("config", JsonSerialization.mapper.valueToTree(
                            realm.flows().getAuthenticatorConfig(execution.getAuthenticationConfig())));
                }
                executions.add(node);
            }
            flows.add(entry);
        }
        return flows;
    }
}
