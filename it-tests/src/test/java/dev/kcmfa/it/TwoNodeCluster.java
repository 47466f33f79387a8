package dev.kcmfa.it;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.keycloak.admin.client.Keycloak;

/**
 * Two Keycloak nodes of the distribution with the bundle installed, on loopback, sharing one PostgreSQL (Debian's)
 * and clustered by Keycloak's embedded Infinispan ({@code --cache=ispn}); node A imports the demo realm.
 */
final class TwoNodeCluster implements AutoCloseable {

    private final PrivatePostgres postgres;
    private final KeycloakNode nodeA;
    private final KeycloakNode nodeB;

    private TwoNodeCluster(PrivatePostgres postgres, KeycloakNode nodeA, KeycloakNode nodeB) {
        this.postgres = postgres;
        this.nodeA = nodeA;
        this.nodeB = nodeB;
    }

    /** Builds the distribution, starts PostgreSQL, then node A (importing the demo realm), then node B. */
    static TwoNodeCluster start() throws Exception {
        Path home = Distribution.withBundle("kc-cluster");
        KeycloakNode.build(home);
        PrivatePostgres postgres = PrivatePostgres.start(5439);
        Distribution.queueDemoRealmImport(home);
        KeycloakNode nodeA = new KeycloakNode("cluster-a", 8180, 9180);
        KeycloakNode nodeB = new KeycloakNode("cluster-b", 8280, 9280);
        TwoNodeCluster cluster = new TwoNodeCluster(postgres, nodeA, nodeB);
        try {
            nodeA.start(home, postgres.jdbcUrl(), 7800, List.of("--import-realm"));
            nodeA.awaitReady(1, Duration.ofMinutes(4));
            nodeB.start(home, postgres.jdbcUrl(), 7801, List.of());
            nodeB.awaitReady(2, Duration.ofMinutes(4));
            return cluster;
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
    }

    KeycloakNode nodeA() {
        return nodeA;
    }

    KeycloakNode nodeB() {
        return nodeB;
    }

    /** The admin API of the demo realm through node A, as the bootstrap admin; close the client when done. */
    Keycloak admin() {
        return Keycloak.getInstance(nodeA.url(), "master", "admin", "admin", "admin-cli");
    }

    @Override
    public void close() throws Exception {
        nodeB.close();
        nodeA.close();
        postgres.close();
    }
}
