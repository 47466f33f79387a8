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

    /** The cluster on ports 8180/8280 (HTTP), 9180/9280 (management), 7800/7801 (Infinispan), 5439 (PostgreSQL). */
    static TwoNodeCluster start() throws Exception {
        return start("kc-cluster", 0);
    }

    /**
     * Builds the distribution in {@code target/<folder>}, starts PostgreSQL, then node A (importing the demo realm),
     * then node B; every port is {@link #start()}'s plus {@code portOffset} (Infinispan's plus ten times it), so a
     * second cluster never meets the first one's leftovers.
     */
    static TwoNodeCluster start(String folder, int portOffset) throws Exception {
        Path home = Distribution.withBundle(folder);
        KeycloakNode.build(home);
        PrivatePostgres postgres = PrivatePostgres.start(5439 + portOffset);
        Distribution.queueDemoRealmImport(home);
        String name = folder.replaceFirst("^kc-", "");
        KeycloakNode nodeA = new KeycloakNode(name + "-a", 8180 + portOffset, 9180 + portOffset);
        KeycloakNode nodeB = new KeycloakNode(name + "-b", 8280 + portOffset, 9280 + portOffset);
        TwoNodeCluster cluster = new TwoNodeCluster(postgres, nodeA, nodeB);
        try {
            nodeA.start(home, postgres.jdbcUrl(), 7800 + 10 * portOffset, List.of("--import-realm"));
            nodeA.awaitReady(1, Duration.ofMinutes(4));
            nodeB.start(home, postgres.jdbcUrl(), 7801 + 10 * portOffset, List.of());
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
