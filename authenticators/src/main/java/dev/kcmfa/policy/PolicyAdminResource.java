package dev.kcmfa.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.kcmfa.core.MfaMethod;
import dev.kcmfa.core.MfaMethods;
import dev.kcmfa.device.RememberedDeviceCredential;
import dev.kcmfa.flow.FlowAdminResource;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.common.util.Time;
import org.keycloak.credential.CredentialModel;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.ErrorResponse;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * The MFA policy admin API, under {@code /admin/realms/{realm}/mfa}: read with {@code view-realm}, write with
 * {@code manage-realm}; per-user calls also need the admin's permission on that user. Bad policies get a 400 that
 * names the field; every write is an admin event. The flow installer is mounted here too ({@code mfa/flows}).
 * Reference: docs/admin-api.md.
 */
@Produces(MediaType.APPLICATION_JSON)
public class PolicyAdminResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    PolicyAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
                        AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent.resource(ResourceType.REALM);
    }

    /** Every stored policy, each with its scope, its document, and the error if it cannot be read. */
    @GET
    @Path("policies")
    public List<Map<String, Object>> listPolicies() {
        auth.realm().requireViewRealm();
        List<Map<String, Object>> policies = new ArrayList<>();
        StoredPolicies.all(realm).entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(p -> policies.add(describe(PolicyScopes.stored(session, realm, p.getKey()), p.getValue())));
        return policies;
    }

    @POST
    @Path("policies/validate")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response validate(String body) {
        auth.realm().requireViewRealm();
        try {
            PolicyDocument doc = PolicyDocument.parse(body);
            return Response.ok(Map.of("valid", true, "policy", doc.writtenFields())).build();
        } catch (PolicyException e) {
            return invalid(e);
        }
    }

    @GET
    @Path("policies/{scope: .+}")
    public Map<String, Object> getPolicy(@PathParam("scope") String scope) {
        auth.realm().requireViewRealm();
        PolicyScope known = storedOrKnown(scope);
        return describe(known, requireStored(known));
    }

    @PUT
    @Path("policies/{scope: .+}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response putPolicy(@PathParam("scope") String scope, String body) {
        auth.realm().requireManageRealm();
        PolicyScope known = PolicyScopes.requireKnown(session, realm, scope);
        try {
            PolicyDocument.parse(body);
        } catch (PolicyException e) {
            return invalid(e);
        }
        StoredPolicies.store(session, realm, known, body);
        PolicyChangeEvents.record(adminEvent, OperationType.UPDATE, known, body, "admin API");
        return Response.noContent().build();
    }

    @DELETE
    @Path("policies/{scope: .+}")
    public Response deletePolicy(@PathParam("scope") String scope) {
        auth.realm().requireManageRealm();
        PolicyScope known = storedOrKnown(scope);
        requireStored(known);
        StoredPolicies.remove(session, realm, known.stored());
        PolicyChangeEvents.record(adminEvent, OperationType.DELETE, known, null, "admin API");
        return Response.noContent().build();
    }

    /**
     * A policy an import left under a group path (see {@link PolicyKeysFromPaths}) is read and deleted under that
     * path, so that an admin can see and clear it; any other scope must name one group, user, address or domain.
     */
    private PolicyScope storedOrKnown(String scope) {
        if (scope.startsWith(PolicyResolver.GROUP_SCOPE_PREFIX) && StoredPolicies.raw(realm, scope) != null) {
            return PolicyScope.of(scope);
        }
        return PolicyScopes.requireKnown(session, realm, scope);
    }

    private String requireStored(PolicyScope scope) {
        String raw = StoredPolicies.raw(realm, scope.stored());
        if (raw == null) {
            throw ErrorResponse.error("No MFA policy is stored for scope " + scope.shown(), Response.Status.NOT_FOUND);
        }
        return raw;
    }

    @Path("flows")
    public FlowAdminResource flows() {
        return new FlowAdminResource(session, realm, auth, adminEvent);
    }

    /** The policy in force for a user, each field with the scope it comes from. */
    @GET
    @Path("users/{userId}/effective-policy")
    public Map<String, Object> effectivePolicy(@PathParam("userId") String userId) {
        auth.realm().requireViewRealm();
        UserModel user = user(userId);
        auth.users().requireView(user);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("userId", user.getId());
        result.put("username", user.getUsername());
        EffectivePolicy effective = EffectivePolicy.of(realm, user);
        if (effective.error() != null) {
            result.put("error", Map.of("field", effective.error().field(), "message", effective.error().getMessage()));
        }
        result.put("fields", fields(effective));
        return result;
    }

    /**
     * Removes the user's enrolled second factors, so that the next login enrolls again, and the user's remembered
     * browsers, and sets Keycloak's not-before for the user: that signs the user out everywhere and revokes every
     * remembered device (also a cookie whose entry was already gone).
     */
    @POST
    @Path("users/{userId}/reset")
    public Map<String, Object> resetUser(@PathParam("userId") String userId) {
        UserModel user = user(userId);
        auth.users().requireManage(user);
        List<String> removed = new ArrayList<>();
        for (MfaMethod method : MfaMethods.all()) {
            method.credentialType().ifPresent(type -> user.credentialManager().getStoredCredentialsByTypeStream(type)
                    .toList()
                    .forEach(c -> {
                        user.credentialManager().removeStoredCredentialById(c.getId());
                        removed.add(type);
                    }));
        }
        List<String> devices = user.credentialManager()
                .getStoredCredentialsByTypeStream(RememberedDeviceCredential.TYPE).map(CredentialModel::getId).toList();
        devices.forEach(user.credentialManager()::removeStoredCredentialById);
        session.users().setNotBeforeForUser(realm, user, Time.currentTime());
        adminEvent.resource(ResourceType.USER).operation(OperationType.ACTION)
                .resourcePath(session.getContext().getUri())
                .representation(Map.of("removedCredentialTypes", removed, "removedRememberedDevices", devices.size()))
                .success();
        return Map.of("userId", user.getId(), "removedCredentials", removed.size(),
                "removedRememberedDevices", devices.size());
    }

    private UserModel user(String userId) {
        UserModel user = session.users().getUserById(realm, userId);
        if (user == null) {
            throw ErrorResponse.error("No user with id " + userId, Response.Status.NOT_FOUND);
        }
        return user;
    }

    private static Map<String, Object> describe(PolicyScope scope, String raw) {
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("scope", scope.shown());
        description.put("storedScope", scope.stored());
        description.put("attribute", scope.attribute());
        if (scope.groupId() != null) {
            description.put("groupId", scope.groupId());
            description.put("groupPath", scope.groupPath());
        }
        try {
            if (scope.stored().startsWith(PolicyResolver.GROUP_SCOPE_PREFIX)) {
                throw new PolicyException("scope", "names its group by path and could not be tied to exactly one"
                        + " group; members of any group at that path must pass MFA. Store it by group id"
                        + " (group-id:<id>) and delete this one");
            }
            description.put("policy", PolicyDocument.parse(raw).writtenFields());
        } catch (PolicyException e) {
            description.put("raw", raw);
            description.put("error", Map.of("field", e.field(), "message", e.getMessage()));
        }
        return description;
    }

    private static Response invalid(PolicyException e) {
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", "invalid_policy", "field", e.field(), "message", e.getMessage()))
                .build();
    }

    private static Map<String, Object> fields(EffectivePolicy effective) {
        Map<String, Object> fields = new LinkedHashMap<>();
        effective.values().forEach((name, value) ->
                fields.put(name, Map.of("value", value, "source", effective.source(name))));
        return fields;
    }
}
