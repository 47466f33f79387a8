package dev.kcmfa.core;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * The requests this node holds open, keyed by the single-use-object key whose change they wait for. It is only the
 * list of open connections: the answers stay in the store, and a woken request reads them there.
 */
final class Wakeups {

    private final ConcurrentMap<String, Set<CompletableFuture<Void>>> waiting = new ConcurrentHashMap<>();

    /**
     * A future that completes when {@link #wake} is called for the key or after {@code millis}, whichever comes
     * first. The timer is the JDK's one shared delay thread, so a waiting request costs memory, not a thread.
     */
    CompletableFuture<Void> next(String key, long millis) {
        CompletableFuture<Void> wake = new CompletableFuture<>();
        // added inside compute, atomically with wake()'s removal of the key's set, so no wake can miss it
        waiting.compute(key, (k, futures) -> {
            Set<CompletableFuture<Void>> all = futures == null ? ConcurrentHashMap.newKeySet() : futures;
            all.add(wake);
            return all;
        });
        wake.completeOnTimeout(null, Math.max(1, millis), TimeUnit.MILLISECONDS);
        wake.whenComplete((done, error) -> waiting.computeIfPresent(key, (k, futures) -> {
            futures.remove(wake);
            return futures.isEmpty() ? null : futures;
        }));
        return wake;
    }

    /** Wakes every request of this node that waits on the key. */
    void wake(String key) {
        Set<CompletableFuture<Void>> woken = waiting.remove(key);
        if (woken != null) {
            woken.forEach(wake -> wake.complete(null));
        }
    }

    /** How many requests wait on this node now. */
    int count() {
        return waiting.values().stream().mapToInt(Set::size).sum();
    }
}
