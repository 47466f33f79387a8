package dev.kcmfa.policy;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jboss.logging.Logger;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;

/**
 * Every change of a stored policy is an admin event of resource type {@code REALM} whose resource path names the
 * stored scope, {@code mfa/policies/<stored scope>}, with the scope as people name it in the representation: those
 * the admin API makes, the console page's saves, and those a group or user change causes (a deleted group takes its
 * policy along).
 */
final class PolicyChangeEvents {

    private static final Logger LOG = Logger.getLogger(PolicyChangeEvents.class);

    private PolicyChangeEvents() {
    }

    static void record(AdminEventBuilder events, OperationType operation, PolicyScope scope, String raw, String cause) {
        Map<String, Object> representation = new LinkedHashMap<>();
        representation.put("scope", scope.shown());
        representation.put("storedScope", scope.stored());
        if (scope.groupId() != null) {
            representation.put("groupId", scope.groupId());
            representation.put("groupPath", scope.groupPath());
        }
        if (raw != null) {
            representation.put("policy", raw);
        }
        representation.put("cause", cause);
        events.resource(ResourceType.REALM).operation(operation)
                .resourcePath("mfa", "policies", scope.stored()).representation(representation).success();
    }

    /**
     * A change made outside the admin API (the console page's entries, a group or user deleted), attributed to the
     * admin whose request it is. Without an admin request (a group removed by a directory sync) there is no admin
     * to name: it is logged.
     */
    static void recordForRequest(KeycloakSession session, RealmModel realm, OperationType operation,
                                 PolicyScope scope, String raw, String cause) {
        ConsolePages.adminEvents(session, realm).ifPresentOrElse(
                events -> record(events, operation, scope, raw, cause),
                () -> LOG.infof("Realm '%s': MFA policy %s (%s) %s: %s", realm.getName(), scope.attribute(),
                        scope.shown(), operation == OperationType.DELETE ? "removed" : "changed", cause));
    }
}
