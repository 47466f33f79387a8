package dev.kcmfa.core;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.UnaryOperator;

/**
 * A fixed number of places to wait per key on this node: per client source (IPv4 address, or IPv6 /64: one
 * subscriber's block), so that no single client can hold every open connection, or per waited-for answer (one
 * login's challenge). It counts open connections in memory: that is not login state, and each node bounds its own.
 */
final class WaitPlaces {

    private final int perKey;
    private final UnaryOperator<String> keyOf;
    private final ConcurrentMap<String, Integer> held = new ConcurrentHashMap<>();

    private WaitPlaces(int perKey, UnaryOperator<String> keyOf) {
        this.perKey = perKey;
        this.keyOf = keyOf;
    }

    /** Places per client source: {@link #take} is given the client's address. */
    static WaitPlaces perClientSource(int perSource) {
        return new WaitPlaces(perSource, ClientAddress::source);
    }

    /** Places per key as it is given. */
    static WaitPlaces perKey(int perKey) {
        return new WaitPlaces(perKey, UnaryOperator.identity());
    }

    /** A place for this key (or client address), or empty while it holds all of its places here. */
    Optional<WaitPlace> take(String given) {
        String key = keyOf.apply(given);
        boolean[] taken = {false};
        held.compute(key, (k, count) -> {
            int now = count == null ? 0 : count;
            taken[0] = now < perKey;
            return taken[0] ? now + 1 : count;
        });
        if (!taken[0]) {
            return Optional.empty();
        }
        return Optional.of(WaitPlace.freeing(
                () -> held.computeIfPresent(key, (k, count) -> count <= 1 ? null : count - 1)));
    }
}
