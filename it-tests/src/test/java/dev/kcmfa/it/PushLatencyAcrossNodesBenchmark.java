package dev.kcmfa.it;

import java.util.EnumMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;

/**
 * Approval-to-redirect latency of push logins across two clustered nodes (ClusterTest's cluster): the browser logs
 * in and waits on node A, the phone answers on node B. The long-poll on A is woken only by the answer's wakeup event
 * crossing the cluster from B (ProtoStream-marshalled), so this is also its proof; the baseline polls node A every
 * 50 ms. Prints p50/p95 of both; asserts only that every login finished and every long-poll was woken. Not part of
 * {@code mvn verify}; run with {@code -Dit.excludedGroups= -Dtest=PushLatencyAcrossNodesBenchmark}.
 */
@Tag("benchmark")
class PushLatencyAcrossNodesBenchmark {

    private static TwoNodeCluster cluster;

    @BeforeAll
    static void startTheCluster() throws Exception {
        cluster = TwoNodeCluster.start();
    }

    @AfterAll
    static void stopTheCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void approvalOnNodeBToRedirectOnNodeALongPollVersusPollingEvery50Ms() throws Exception {
        KeycloakNode nodeA = cluster.nodeA();
        KeycloakNode nodeB = cluster.nodeB();
        String loginUrl = DemoApp.loginUrl(nodeA.url());
        Map<PushLogin.Waiting, PushApprovalLatency.PushUser> users = new EnumMap<>(PushLogin.Waiting.class);
        try (Keycloak admin = cluster.admin()) {
            RealmResource realm = admin.realm(DemoApp.REALM);
            DemoRealm.configurePushSteps(realm, PushLatencyBenchmark.NO_PUSH_CAP);
            for (PushLogin.Waiting waiting : PushLogin.Waiting.values()) {
                String username = DemoRealm.createUser(realm, "bench", DemoRealm.MOBILE);
                users.put(waiting, new PushApprovalLatency.PushUser(username,
                        PushLogin.enrollPhone(loginUrl, username, url -> url.replace(nodeA.url(), nodeB.url()))));
            }
        }
        PushApprovalLatency latency = new PushApprovalLatency();
        latency.run(loginUrl, users, PushLatencyBenchmark.WARM_UP, PushLatencyBenchmark.LOGINS);
        latency.print("Push approval on node B -> redirect on node A (two nodes, --cache=ispn), same run, in turns");
    }
}
