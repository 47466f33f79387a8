package dev.kcmfa.core;

import java.util.function.Predicate;

/**
 * Holds a request until something happens elsewhere: asks {@code check} every {@code everyMillis} until its answer
 * is final or the real-time limit has passed, and returns the last answer. Push pages and token requests wait on the
 * single-use-object store, so an answer that reached any node is seen within a fraction of a second without the
 * browser or tool polling slowly; the Duo password grant waits on Duo's auth_status.
 */
public final class Polling {

    /** How often a wait reads the replicated single-use-object store: cheap, and well under what a person notices. */
    public static final long STORE_CHECK_MILLIS = 50;

    /** A check that may fail, such as a call to Duo. */
    @FunctionalInterface
    public interface Check<T, E extends Exception> {
        T get() throws E;
    }

    private Polling() {
    }

    public static <T, E extends Exception> T until(Check<T, E> check, Predicate<T> isFinal, long everyMillis,
                                                   int seconds) throws E {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        T answer = check.get();
        while (!isFinal.test(answer) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(everyMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            answer = check.get();
        }
        return answer;
    }
}
