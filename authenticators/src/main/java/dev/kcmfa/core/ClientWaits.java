package dev.kcmfa.core;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.keycloak.models.KeycloakSession;

/**
 * Caps the waits (long-polls, token requests held open for a phone) that one client address holds on this node at
 * once, so that no single client can take the request threads every realm's logins need. It counts open
 * connections per address in memory: that is not login state, and each node bounds its own threads.
 */
public final class ClientWaits {

    /** A browser waits once per open login page; a few tabs fit, a flood does not. */
    public static final int MAX_PER_CLIENT = 4;

    private static final ConcurrentMap<String, Integer> HELD = new ConcurrentHashMap<>();

    /** A wait held for one client; closing it frees the place. */
    public interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    private ClientWaits() {
    }

    /** A place for this request's client, or empty while it already holds {@link #MAX_PER_CLIENT} waits here. */
    public static Optional<Slot> take(KeycloakSession session) {
        String client = session.getContext().getConnection().getRemoteAddr();
        boolean[] taken = {false};
        HELD.compute(client, (address, held) -> {
            int now = held == null ? 0 : held;
            taken[0] = now < MAX_PER_CLIENT;
            return taken[0] ? now + 1 : held;
        });
        if (!taken[0]) {
            return Optional.empty();
        }
        return Optional.of(() -> HELD.computeIfPresent(client, (address, held) -> held <= 1 ? null : held - 1));
    }
}
