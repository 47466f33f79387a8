package dev.kcmfa.core;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A fixed number of places to wait per client source on this node (IPv4 address, or IPv6 /64: one subscriber's
 * block), so that no single client can hold every open connection. It counts open connections in memory: that is
 * not login state, and each node bounds its own.
 */
final class WaitPlaces {

    private final int perSource;
    private final ConcurrentMap<String, Integer> held = new ConcurrentHashMap<>();

    WaitPlaces(int perSource) {
        this.perSource = perSource;
    }

    int perSource() {
        return perSource;
    }

    /** A place for this client address, or empty while its source holds all of its places here. */
    Optional<WaitPlace> take(String remoteAddr) {
        String source = ClientAddress.source(remoteAddr);
        boolean[] taken = {false};
        held.compute(source, (key, count) -> {
            int now = count == null ? 0 : count;
            taken[0] = now < perSource;
            return taken[0] ? now + 1 : count;
        });
        if (!taken[0]) {
            return Optional.empty();
        }
        return Optional.of(WaitPlace.freeing(
                () -> held.computeIfPresent(source, (key, count) -> count <= 1 ? null : count - 1)));
    }
}
