package dev.kcmfa.core;

import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Asks a remote service again until its answer is final or the real-time limit has passed, at most every
 * {@code everyMillis}, and returns the last answer: bounded in count and time. Only for services that hold the
 * question open themselves (Duo's auth_status); answers stored in Keycloak are waited for with {@link AnswerWaits},
 * which polls nothing.
 */
public final class Polling {

    /** A check that may fail, such as a call to Duo; told how many whole seconds of the wait are left. */
    @FunctionalInterface
    public interface Check<T, E extends Exception> {
        T get(int secondsLeft) throws E;
    }

    private Polling() {
    }

    public static <T, E extends Exception> T until(Check<T, E> check, Predicate<T> isFinal, long everyMillis,
                                                   int seconds) throws E {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        T answer = check.get(secondsLeft(deadline));
        while (!isFinal.test(answer) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(everyMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            answer = check.get(secondsLeft(deadline));
        }
        return answer;
    }

    private static int secondsLeft(long deadline) {
        return (int) Math.max(0, TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime()));
    }
}
