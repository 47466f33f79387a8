package dev.kcmfa.core;

import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * What one node knows of its waits: the requests waiting here ({@link Wakeups}), each client's places
 * ({@link WaitPlaces}) and the few places for token requests, which hold a thread while they wait.
 */
final class NodeWaits {

    private final Wakeups wakeups = new Wakeups();
    private final WaitPlaces places;
    private final Semaphore tokenRequests;
    private final int tokenRequestLimit;

    NodeWaits(int tokenRequestLimit, int placesPerClient) {
        this.tokenRequestLimit = tokenRequestLimit;
        this.tokenRequests = new Semaphore(tokenRequestLimit);
        this.places = new WaitPlaces(placesPerClient);
    }

    Wakeups wakeups() {
        return wakeups;
    }

    WaitPlaces places() {
        return places;
    }

    /** One of this node's places for a token request that waits, or empty while all of them are taken. */
    Optional<WaitPlace> tokenRequestPlace() {
        return tokenRequests.tryAcquire() ? Optional.of(WaitPlace.freeing(tokenRequests::release)) : Optional.empty();
    }

    int tokenRequestLimit() {
        return tokenRequestLimit;
    }
}
