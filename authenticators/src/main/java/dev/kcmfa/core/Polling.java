package dev.kcmfa.core;

import java.util.function.Predicate;

/**
 * Asks a remote service again until its answer is final or the real-time limit has passed, at most every
 * {@code everyMillis}, and returns the last answer: bounded in count and time. Only for services that hold the
 * question open themselves (Duo's auth_status); answers stored in Keycloak are waited for with {@link AnswerWaits},
 * which polls nothing.
 */
public final class Polling {

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
