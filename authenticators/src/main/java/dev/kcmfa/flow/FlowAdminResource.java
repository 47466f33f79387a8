package dev.kcmfa.flow;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.ErrorResponse;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code POST /admin/realms/{realm}/mfa/flows}: installs the recommended flows ({@link FlowInstaller}), with
 * {@code manage-realm}. {@code dryRun=true} only reports; {@code bind=false} installs without binding. A call that
 * changes something is one admin event listing the changes. Reference: docs/admin-api.md.
 */
@Produces(MediaType.APPLICATION_JSON)
public class FlowAdminResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    public FlowAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
                             AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
    }

    @POST
    public Map<String, Object> install(@QueryParam("dryRun") String dryRun, @QueryParam("bind") String bind) {
        auth.realm().requireManageRealm();
        boolean reportOnly = flag("dryRun", dryRun, false);
        FlowInstaller installer = FlowInstaller.plan(session, realm, flag("bind", bind, true));
        List<Map<String, Object>> changes = installer.changes();
        if (!reportOnly) {
            installer.apply(adminEvent);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("dryRun", reportOnly);
        result.put("changes", changes);
        return result;
    }

    /** Strictly true or false: a mistyped {@code dryRun=yes} must not install for real. */
    private static boolean flag(String name, String value, boolean absent) {
        if (value == null) {
            return absent;
        }
        if (!value.equals("true") && !value.equals("false")) {
            throw ErrorResponse.error(name + " must be true or false, not '" + value + "'",
                    Response.Status.BAD_REQUEST);
        }
        return Boolean.parseBoolean(value);
    }
}
