package dev.kcmfa.it;

import java.util.EnumMap;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.oauth.OAuthClient;
import org.keycloak.testframework.oauth.annotations.InjectOAuthClient;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * Approval-to-redirect latency of push logins on one real server: the time from the phone sending its approval to
 * the browser holding the redirect to the app. The bundle's page long-polls, woken by the answer's event; the
 * baseline asks for the status every 50 ms, as the server's own loop used to. Prints p50/p95 of both and their
 * ratio; asserts only that every login finished and every long-poll was woken. Not part of {@code mvn verify};
 * run with {@code -Dit.excludedGroups= -Dtest=PushLatencyBenchmark} (docs/benchmarks.md).
 */
@Tag("benchmark")
@KeycloakIntegrationTest(config = MfaServerConfig.class)
class PushLatencyBenchmark {

    static final int LOGINS = Integer.getInteger("bench.logins", 20);
    static final int WARM_UP = 3;
    /** Per user and hour, for all addresses and for one: the most the push steps allow, so no cap stops a series. */
    static final Map<String, String> NO_PUSH_CAP = Map.of("maxPushesPerUserPerHour", "300",
            "maxPushesPerUserAndAddressPerHour", "100");

    @InjectRealm(fromJson = DemoRealm.JSON)
    ManagedRealm realm;

    @InjectOAuthClient
    OAuthClient oauth;

    @Test
    void approvalToRedirectLatencyLongPollVersusPollingEvery50Ms() throws Exception {
        DemoRealm.configurePushSteps(realm, NO_PUSH_CAP);
        String loginUrl = oauth.loginForm().build();
        Map<PushLogin.Waiting, PushApprovalLatency.PushUser> users = new EnumMap<>(PushLogin.Waiting.class);
        for (PushLogin.Waiting waiting : PushLogin.Waiting.values()) {
            String username = DemoRealm.createUser(realm, "bench", DemoRealm.MOBILE);
            users.put(waiting, new PushApprovalLatency.PushUser(username,
                    PushLogin.enrollPhone(loginUrl, username, url -> url)));
        }
        PushApprovalLatency latency = new PushApprovalLatency();
        latency.run(loginUrl, users, WARM_UP, LOGINS);
        latency.print("Push approval -> redirect, browser and phone on the same server, same run, in turns");
    }
}
