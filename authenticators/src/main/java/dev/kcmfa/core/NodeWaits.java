package dev.kcmfa.core;

import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * What one node knows of its waits: the requests waiting here ({@link Wakeups}) and the places they hold. A token
 * request holds a thread while it waits, so there are few of those: per node and per client address. A browser's
 * wait holds only memory, so there are many: a few per login (its tabs), many per client address (an office behind
 * one address), a bound per node.
 */
final class NodeWaits {

    /** Browser waits for one challenge or enrollment: a login's page open in a few tabs. */
    static final int BROWSER_WAITS_PER_ANSWER = 2;

    private final Wakeups wakeups = new Wakeups();
    private final Limits limits;
    private final Semaphore tokenRequests;
    private final WaitPlaces tokenRequestsPerClient;
    private final Semaphore browserWaits;
    private final WaitPlaces browserWaitsPerClient;
    private final WaitPlaces browserWaitsPerAnswer = WaitPlaces.perKey(BROWSER_WAITS_PER_ANSWER);

    NodeWaits(Limits limits) {
        this.limits = limits;
        this.tokenRequests = new Semaphore(limits.tokenRequests());
        this.tokenRequestsPerClient = WaitPlaces.perClientSource(limits.tokenRequestsPerClient());
        this.browserWaits = new Semaphore(limits.browserWaits());
        this.browserWaitsPerClient = WaitPlaces.perClientSource(limits.browserWaitsPerClient());
    }

    /** The server options' values. */
    record Limits(int tokenRequests, int tokenRequestsPerClient, int browserWaits, int browserWaitsPerClient) {
    }

    Wakeups wakeups() {
        return wakeups;
    }

    /** One of the client's places for a token request that waits, or empty while it holds them all. */
    Optional<WaitPlace> tokenRequestPlaceOf(String remoteAddr) {
        return tokenRequestsPerClient.take(remoteAddr);
    }

    /**
     * A place for a browser to wait for {@code waitedFor}: one of its, one of the client address's and one
     * of the node's; empty (nothing held) when any of them is full.
     */
    Optional<WaitPlace> browserPlace(String remoteAddr, String waitedFor) {
        Optional<WaitPlace> answer = browserWaitsPerAnswer.take(waitedFor);
        Optional<WaitPlace> client = answer.flatMap(a -> browserWaitsPerClient.take(remoteAddr));
        Optional<WaitPlace> node = client.flatMap(c -> browserWaits.tryAcquire()
                ? Optional.of(WaitPlace.freeing(browserWaits::release)) : Optional.empty());
        if (node.isEmpty()) {
            client.ifPresent(WaitPlace::close);
            answer.ifPresent(WaitPlace::close);
            return Optional.empty();
        }
        return Optional.of(WaitPlace.freeing(() -> {
            node.get().close();
            client.get().close();
            answer.get().close();
        }));
    }

    /** One of this node's places for a token request that waits, or empty while all of them are taken. */
    Optional<WaitPlace> tokenRequestPlace() {
        return tokenRequests.tryAcquire() ? Optional.of(WaitPlace.freeing(tokenRequests::release)) : Optional.empty();
    }

    int tokenRequestLimit() {
        return limits.tokenRequests();
    }
}
