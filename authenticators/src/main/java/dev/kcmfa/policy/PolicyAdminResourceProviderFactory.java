package dev.kcmfa.policy;

import dev.kcmfa.core.StatelessProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/** Mounts {@link PolicyAdminResource} at {@code /admin/realms/{realm}/mfa}. */
public class PolicyAdminResourceProviderFactory
        implements AdminRealmResourceProviderFactory, AdminRealmResourceProvider,
        StatelessProviderFactory<AdminRealmResourceProvider> {

    public static final String PROVIDER_ID = "mfa";

    @Override
    public AdminRealmResourceProvider create(KeycloakSession session) {
        return this;
    }

    @Override
    public Object getResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
                              AdminEventBuilder adminEvent) {
        return new PolicyAdminResource(session, realm, auth, adminEvent);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public void close() {
        // stateless
    }
}
