package dev.kcmfa.push;

import java.util.function.BooleanSupplier;

/**
 * Holds a request until something happens elsewhere in the cluster: checks {@code done} every 50 ms (a read of the
 * replicated single-use-object store) for at most the given real time, so the answer is seen within a fraction of a
 * second without the browser or tool polling slowly.
 */
final class LongPoll {

    private static final long CHECK_EVERY_MILLIS = 50;

    private LongPoll() {
    }

    static boolean until(BooleanSupplier done, int seconds) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            try {
                Thread.sleep(CHECK_EVERY_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return done.getAsBoolean();
            }
        }
        return true;
    }
}
