package dev.kcmfa.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.ToLongFunction;

import dev.kcmfa.devicecli.PushDevice;

/**
 * The measurement of the push latency benchmarks: push logins timed from the phone sending its approval to the
 * browser holding the redirect to the app ({@code 302 ...?code=}), for each way of waiting in turn (ABBA, so that
 * drifts of the machine hit both alike), each with its own user and phone. Prints p50/p95 per way and their ratio.
 */
final class PushApprovalLatency {

    /** A user of the push group with an enrolled reference phone. */
    record PushUser(String username, PushDevice phone) {
    }

    /** Long enough for the browser's status request to be waiting, as when a person reaches for the phone. */
    private static final int MIN_REACTION_MILLIS = 300;
    private static final int REACTION_SPREAD_MILLIS = 700;
    /** A long-poll that the answer's wakeup never reached would end at its deadline, 55 s. */
    private static final long WOKEN_WITHIN_MICROS = 5_000_000;

    /** Where one login's time went, in microseconds from the phone sending its approval. */
    private record Timing(long phoneAnswered, long browserKnew, long redirected) {
    }

    private final Random random = new Random(42);
    private final Map<PushLogin.Waiting, List<Timing>> timings = new EnumMap<>(PushLogin.Waiting.class);

    /** {@code warmUp} unreported rounds, then {@code logins} per way of waiting; the browser logs in at loginUrl. */
    void run(String loginUrl, Map<PushLogin.Waiting, PushUser> users, int warmUp, int logins) throws Exception {
        List<PushLogin.Waiting> order = new ArrayList<>(users.keySet());
        for (int round = 0; round < warmUp + logins; round++) {
            for (PushLogin.Waiting waiting : order) {
                Timing timing = timeOneLogin(loginUrl, users.get(waiting), waiting);
                if (round >= warmUp) {
                    timings.computeIfAbsent(waiting, w -> new ArrayList<>()).add(timing);
                }
            }
            Collections.reverse(order);
        }
        List<Long> longPolls = series(PushLogin.Waiting.LONG_POLL, Timing::redirected);
        assertTrue(longPolls.stream().allMatch(t -> t < WOKEN_WITHIN_MICROS),
                "every long-poll was woken by the answer, not ended by its deadline: " + longPolls);
    }

    private Timing timeOneLogin(String loginUrl, PushUser user, PushLogin.Waiting waiting) throws Exception {
        PushLogin login = PushLogin.open(loginUrl, user.username());
        PushDevice.Challenge challenge = user.phone().pending().get(0);
        long reaction = MIN_REACTION_MILLIS + random.nextInt(REACTION_SPREAD_MILLIS);
        long[] approvedAt = new long[1];
        CompletableFuture<Long> approval = CompletableFuture.supplyAsync(() -> {
            sleep(reaction);
            approvedAt[0] = System.nanoTime();
            try {
                user.phone().approve(challenge, login.number());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return System.nanoTime();
        });
        login.awaitAnswer(waiting);
        long knewAt = System.nanoTime();
        boolean loggedIn = RawHttpLogin.loggedIn(login.finish());
        long finishedAt = System.nanoTime();
        long phoneAnsweredAt = approval.join();
        assertTrue(loggedIn, "the " + waiting + " login ended with a redirect to the app");
        return new Timing((phoneAnsweredAt - approvedAt[0]) / 1000, (knewAt - approvedAt[0]) / 1000,
                (finishedAt - approvedAt[0]) / 1000);
    }

    private List<Long> series(PushLogin.Waiting waiting, ToLongFunction<Timing> part) {
        return timings.getOrDefault(waiting, List.of()).stream().map(part::applyAsLong).toList();
    }

    void print(String title) {
        System.out.printf("%n%s (ms)%n", title);
        for (PushLogin.Waiting waiting : timings.keySet()) {
            List<Long> redirected = series(waiting, Timing::redirected);
            System.out.printf("  %-14s %3d logins   p50 %7.1f   p95 %7.1f   max %7.1f%n", waiting, redirected.size(),
                    p(redirected, 50), p(redirected, 95), p(redirected, 100));
            System.out.printf("      p50 of its parts: phone's approval answered %5.1f, browser's status answered"
                    + " %5.1f, form post's redirect %5.1f after the approval was sent%n",
                    p(series(waiting, Timing::phoneAnswered), 50), p(series(waiting, Timing::browserKnew), 50),
                    p(redirected, 50));
        }
        List<Long> longPoll = series(PushLogin.Waiting.LONG_POLL, Timing::redirected);
        List<Long> polling = series(PushLogin.Waiting.POLLING_50_MS, Timing::redirected);
        if (!longPoll.isEmpty() && !polling.isEmpty()) {
            System.out.printf("  polling / long-poll   p50 %5.2fx   p95 %5.2fx%n%n",
                    p(polling, 50) / p(longPoll, 50), p(polling, 95) / p(longPoll, 95));
        }
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
