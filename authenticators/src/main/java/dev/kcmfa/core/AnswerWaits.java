package dev.kcmfa.core;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;

import org.jboss.logging.Logger;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.executors.ExecutorsProvider;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.provider.Provider;

/**
 * Waiting for an answer that another request stores (a phone approving a push, a phone enrolling) without holding a
 * request thread. A waiting request is a future in this node's list ({@link Wakeups}), keyed by the single-use-object
 * key it waits on. The request that stores the answer {@link #announce announces} the key; the announcement reaches
 * every node through Keycloak's cluster provider, and each node wakes its requests for that key, which read the
 * store once and answer. A request that is never woken reads the store once more at its deadline. Nothing is polled.
 *
 * <p>Browsers wait with {@link #until}, whose result a JAX-RS method returns as it is: Keycloak's Quarkus stack then
 * ends the request's session and frees its thread, and writes the response when the future completes. A token
 * request cannot be answered later, so {@link #here} holds its thread, in one of the node's few places for that.
 */
public final class AnswerWaits implements Provider {

    private static final Logger LOG = Logger.getLogger(AnswerWaits.class);
    private static final String EXECUTOR = "mfa-waits";

    private final KeycloakSession session;
    private final NodeWaits node;

    AnswerWaits(KeycloakSession session, NodeWaits node) {
        this.session = session;
        this.node = node;
    }

    public static AnswerWaits of(KeycloakSession session) {
        return session.getProvider(AnswerWaits.class);
    }

    /**
     * The answer read by {@code read} once it is final, or the last one read after {@code seconds}: read now, when
     * the key is announced, and at the deadline. Each later read runs in a session of its own on Keycloak's
     * executor, since the request's session ends when its method returns the future.
     */
    public <T> CompletionStage<T> until(String key, Function<KeycloakSession, T> read, Predicate<T> isFinal,
            int seconds) {
        Executor executor = session.getProvider(ExecutorsProvider.class).getExecutor(EXECUTOR);
        Waiting<T> waiting = new Waiting<>(key, read, isFinal, session.getKeycloakSessionFactory(), executor,
                System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(0, seconds)));
        return waiting.next(session);
    }

    /**
     * As {@link #until}, for a token request: this thread waits, woken as a browser would be. Callers hold a
     * {@link #tokenRequestPlace()} while they do.
     */
    public <T> T here(String key, Function<KeycloakSession, T> read, Predicate<T> isFinal, int seconds) {
        CompletableFuture<T> answer = until(key, read, isFinal, seconds).toCompletableFuture();
        try {
            return answer.get(seconds + 5L, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return read.apply(session);
        } catch (ExecutionException | TimeoutException e) {
            return read.apply(session);
        }
    }

    /** Once this request has committed, wakes whoever waits on the key, on every node. */
    public void announce(String key) {
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                announceNow(key);
            }

            @Override
            protected void rollbackImpl() {
                // nothing was stored: nobody to wake
            }
        });
    }

    /**
     * The answer is stored already: a cluster that cannot carry the wakeup only delays other nodes' waits to their
     * deadline, so this node's are woken directly and the storing request still succeeds.
     */
    private void announceNow(String key) {
        ClusterProvider cluster = session.getProvider(ClusterProvider.class);
        try {
            if (cluster != null) {
                cluster.notify(WakeupEvent.CLUSTER_TASK, new WakeupEvent(key), false);
                return;
            }
        } catch (RuntimeException e) {
            LOG.warnf("Could not send a wakeup through the cluster (%s); waits on other nodes end at their deadline",
                    e);
        }
        node.wakeups().wake(key);
    }

    /**
     * A place for this request's browser to wait for {@code waitedFor} (a challenge, an enrollment): at most 2 each
     * (a login's tabs), many per client address (IPv6: /64) and per node; empty when any is full.
     */
    public Optional<WaitPlace> browserPlace(String waitedFor) {
        return node.browserPlace(session.getContext().getConnection().getRemoteAddr(), waitedFor);
    }

    /** One of this client address's few places for a token request that holds its thread to wait. */
    public Optional<WaitPlace> clientTokenRequestPlace() {
        return node.tokenRequestPlaceOf(session.getContext().getConnection().getRemoteAddr());
    }

    /** One of this node's few places for a token request that holds its thread to wait, or empty when all are held. */
    public Optional<WaitPlace> tokenRequestPlace() {
        return node.tokenRequestPlace();
    }

    public int tokenRequestLimit() {
        return node.tokenRequestLimit();
    }

    @Override
    public void close() {
        // the node's lists belong to the factory
    }

    /** One request's wait: arms a wakeup before each read, so no answer can land unseen between the two. */
    private final class Waiting<T> {
        private final String key;
        private final Function<KeycloakSession, T> read;
        private final Predicate<T> isFinal;
        private final KeycloakSessionFactory factory;
        private final Executor executor;
        private final long deadline;

        Waiting(String key, Function<KeycloakSession, T> read, Predicate<T> isFinal, KeycloakSessionFactory factory,
                Executor executor, long deadline) {
            this.key = key;
            this.read = read;
            this.isFinal = isFinal;
            this.factory = factory;
            this.executor = executor;
            this.deadline = deadline;
        }

        CompletableFuture<T> next(KeycloakSession reading) {
            long millisLeft = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (millisLeft <= 0) {
                return CompletableFuture.completedFuture(read.apply(reading));
            }
            CompletableFuture<Void> wake = node.wakeups().next(key, millisLeft);
            T now;
            try {
                now = read.apply(reading);
            } catch (RuntimeException e) {
                wake.complete(null);
                throw e;
            }
            if (isFinal.test(now)) {
                wake.complete(null);
                return CompletableFuture.completedFuture(now);
            }
            return wake.thenComposeAsync(woken -> readAgain(now), executor);
        }

        /** After a wakeup, in a session of its own; a store that fails to answer leaves the last answer standing. */
        private CompletableFuture<T> readAgain(T last) {
            try {
                return KeycloakModelUtils.runJobInTransactionWithResult(factory, this::next);
            } catch (RuntimeException e) {
                LOG.warnf("Reading a waited-for answer failed (%s); the waiting request gets its last answer", e);
                return CompletableFuture.completedFuture(last);
            }
        }
    }
}
