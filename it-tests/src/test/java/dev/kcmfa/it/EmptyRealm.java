package dev.kcmfa.it;

import java.util.UUID;

import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.RealmRepresentation;

/** A new realm as an admin creates it (Keycloak's own flows, no demo file), recording admin events, for one test. */
final class EmptyRealm {

    private EmptyRealm() {
    }

    /** Creates the realm {@code prefix-<random>} and returns it; the test removes it. */
    static RealmResource create(Keycloak admin, String prefix) {
        RealmRepresentation rep = new RealmRepresentation();
        rep.setRealm(prefix + "-" + UUID.randomUUID().toString().substring(0, 8));
        rep.setEnabled(true);
        rep.setAdminEventsEnabled(true);
        rep.setAdminEventsDetailsEnabled(true);
        admin.realms().create(rep);
        return admin.realm(rep.getRealm());
    }
}
