package dev.kcmfa.core;

import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * What every step of the bundle (second factors and conditions) has in common: it needs the user identified by the
 * password step, sets up nothing through {@code setRequiredActions} (enrollment happens inside the login, or through
 * Keycloak's own actions), and holds no state.
 */
public abstract class MfaStep implements Authenticator {

    @Override
    public boolean requiresUser() {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
        // enrollment happens inside the login
    }

    @Override
    public void close() {
        // stateless
    }
}
