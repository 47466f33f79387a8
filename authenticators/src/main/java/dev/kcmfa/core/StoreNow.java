package dev.kcmfa.core;

import java.util.Map;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Keycloak's single-use-object store defers {@code put} to the end of the request (unlike {@code putIfAbsent} and
 * {@code remove}). What another request must see while this one still runs (a push challenge the phone looks up
 * while the token request waits, the winner of an enrollment) is written here, in a transaction of its own.
 */
public final class StoreNow {

    private StoreNow() {
    }

    public static void put(KeycloakSession session, String key, long lifespanSeconds, Map<String, String> notes) {
        KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(),
                committing -> committing.singleUseObjects().put(key, lifespanSeconds, notes));
    }
}
