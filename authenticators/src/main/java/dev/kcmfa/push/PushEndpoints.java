package dev.kcmfa.push;

import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;
import org.keycloak.models.RealmModel;

/** Where the push protocol is served: {@code /realms/{realm}/mfa-push} ({@link PushResource}). */
final class PushEndpoints {

    /** The realm resource's id, which is its path under the realm. */
    static final String PATH = "mfa-push";

    private PushEndpoints() {
    }

    static UriBuilder base(UriInfo uriInfo, RealmModel realm) {
        return uriInfo.getBaseUriBuilder().path("realms").path(realm.getName()).path(PATH);
    }
}
