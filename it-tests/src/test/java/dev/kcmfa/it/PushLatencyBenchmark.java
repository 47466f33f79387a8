package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.kcmfa.devicecli.PushDevice;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

/**
 * Approval-to-redirect latency of push logins on the real server: the time from the phone sending its approval to the
 * browser holding the redirect to the app. The bundle's page long-polls; the baseline is the same page polling every
 * two seconds. Prints p50/p95 of both and their ratio; asserts only that every login finished. Not part of
 * {@code mvn verify}; run with {@code -Dit.excludedGroups= -Dtest=PushLatencyBenchmark} (docs/benchmarks.md).
 */
@Tag("benchmark")
@KeycloakIntegrationTest(config = MfaServerConfig.class)
class PushLatencyBenchmark extends DemoRealmBrowserTest {

    private static final int LOGINS = Integer.getInteger("bench.logins", 20);
    private static final long BASELINE_POLL_MILLIS = 2000;
    private static final Pattern NUMBER = Pattern.compile("id=\"mfa-push-number\"[^>]*>\\s*(\\d+)\\s*<");
    /** The status URL on the push page, which its script long-polls. */
    static final Pattern STATUS_URL = Pattern.compile("var url = \"([^\"]+)\\?wait=25\"");
    private static final Pattern FORM_ACTION = Pattern.compile("id=\"mfa-push-form\"[^>]*action=\"([^\"]+)\"");

    private final Random random = new Random(42);

    private record PushPage(RawHttpLogin login, String number, String statusUrl, String formAction) {
    }

    @Test
    void approvalToRedirectLatencyLongPollVersusTwoSecondPolling() throws Exception {
        // the per-user hourly cap (20 by default) would stop a benchmark: allow the most, one user per series
        DemoRealm.configurePushSteps(realm, Map.of("maxPushesPerUserPerHour", "100"));
        measure(true, 3); // warm-up, not reported
        List<Long> longPoll = measure(true, LOGINS);
        List<Long> polling = measure(false, LOGINS);

        System.out.printf("%nPush approval -> redirect latency, %d logins each, same server, same run (ms)%n", LOGINS);
        System.out.printf("  long-poll (this bundle)       p50 %6.1f   p95 %6.1f%n", p(longPoll, 50), p(longPoll, 95));
        System.out.printf("  polling every 2 s (baseline)  p50 %6.1f   p95 %6.1f%n", p(polling, 50), p(polling, 95));
        System.out.printf("  baseline / long-poll          p50 %6.1fx  p95 %6.1fx%n%n",
                p(polling, 50) / p(longPoll, 50), p(polling, 95) / p(longPoll, 95));
    }

    private List<Long> measure(boolean longPoll, int logins) throws Exception {
        String username = DemoRealm.createUser(realm, "bench", DemoRealm.MOBILE);
        LoginBrowser browser = new LoginBrowser(driver, oauth, realm);
        PushDevice phone = browser.enrollPhone(username, "bench phone", "");
        browser.signOut();
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < logins; i++) {
            PushPage page = openPushPage(username);
            PushDevice.Challenge challenge = phone.pending().get(0);
            long userTakes = random.nextInt((int) BASELINE_POLL_MILLIS);
            long[] approvedAt = new long[1];
            CompletableFuture<Void> approval = CompletableFuture.runAsync(() -> {
                sleep(userTakes);
                approvedAt[0] = System.nanoTime();
                try {
                    phone.approve(challenge, page.number());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            if (longPoll) {
                awaitLongPoll(page);
            } else {
                awaitByPolling(page);
            }
            HttpResponse<String> redirect = page.login().postForm(page.formAction(), "check=");
            long finishedAt = System.nanoTime();
            approval.join();
            assertTrue(RawHttpLogin.loggedIn(redirect), "login " + i + " ended in " + redirect.statusCode());
            micros.add((finishedAt - approvedAt[0]) / 1000);
        }
        return micros;
    }

    private PushPage openPushPage(String username) throws Exception {
        RawHttpLogin login = new RawHttpLogin();
        String html = login.logInWithPassword(oauth.loginForm().build(), username, Map.of()).body();
        return new PushPage(login, find(NUMBER, html), find(STATUS_URL, html), find(FORM_ACTION, html));
    }

    /** What the page's script does: holds a status request open until the phone has answered. */
    private void awaitLongPoll(PushPage page) throws Exception {
        while (status(page, 25).contains("\"pending\"")) {
            // the server answered "still pending" after 25 s: ask again, as the script does
        }
    }

    private void awaitByPolling(PushPage page) throws Exception {
        do {
            sleep(BASELINE_POLL_MILLIS);
        } while (status(page, 0).contains("\"pending\""));
    }

    private String status(PushPage page, int waitSeconds) throws Exception {
        return page.login().get(page.statusUrl() + "?wait=" + waitSeconds).body(); // only its browser may wait
    }

    private static String find(Pattern pattern, String html) {
        Matcher matcher = pattern.matcher(html);
        if (!matcher.find()) {
            throw new AssertionError("not a push page: " + html);
        }
        return matcher.group(1);
    }

    /** Percentile in milliseconds (nearest rank). */
    private static double p(List<Long> micros, int percentile) {
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, rank)) / 1000.0;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
