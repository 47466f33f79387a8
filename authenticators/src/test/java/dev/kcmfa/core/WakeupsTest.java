package dev.kcmfa.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** This node's list of waiting requests: woken by their key or at their deadline, nothing else. */
class WakeupsTest {

    private static final long LONG_WAIT = 60_000;

    private final Wakeups wakeups = new Wakeups();

    @Test
    void aWaitEndsWhenItsKeyIsAnnounced() {
        CompletableFuture<Void> first = wakeups.next("challenge-1", LONG_WAIT);
        CompletableFuture<Void> second = wakeups.next("challenge-1", LONG_WAIT);
        assertFalse(first.isDone());

        wakeups.wake("challenge-1");

        assertTrue(first.isDone() && second.isDone(), "every wait on the key");
    }

    @Test
    void aWaitNobodyWakesEndsAtItsDeadline() throws Exception {
        long started = System.nanoTime();

        wakeups.next("challenge-1", 200).get(5, TimeUnit.SECONDS);

        assertTrue(System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(200), "not before the deadline");
    }

    @Test
    void waitsOnOtherKeysGoOnWaiting() {
        wakeups.next("challenge-1", LONG_WAIT);
        CompletableFuture<Void> other = wakeups.next("challenge-2", LONG_WAIT);

        wakeups.wake("challenge-1");

        assertFalse(other.isDone());
    }

    @Test
    void anAnnouncementWakesOnlyTheWaitsThatAreThere() {
        wakeups.wake("challenge-1");

        assertFalse(wakeups.next("challenge-1", LONG_WAIT).isDone(), "a later wait waits for the next one");
    }

    @Test
    void theCountIsTheWaitsStillOpen() throws Exception {
        wakeups.next("challenge-1", LONG_WAIT);
        wakeups.next("challenge-1", LONG_WAIT);
        wakeups.next("challenge-2", 100);
        assertEquals(3, wakeups.count());

        wakeups.wake("challenge-1");
        assertEquals(1, wakeups.count(), "the woken ones left the list");

        assertEquals(0, countWithin(2000, 0), "so did the one whose deadline passed");
    }

    /** The count once it is {@code expected}, or the last one read after {@code millis}. */
    private int countWithin(long millis, int expected) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (wakeups.count() != expected && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        return wakeups.count();
    }
}
