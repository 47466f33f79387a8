package dev.kcmfa.core;

import java.util.concurrent.atomic.AtomicBoolean;

/** A place held to wait (a client's, a node's); closing it frees the place, once however often it is closed. */
public interface WaitPlace extends AutoCloseable {

    @Override
    void close();

    static WaitPlace freeing(Runnable release) {
        AtomicBoolean held = new AtomicBoolean(true);
        return () -> {
            if (held.compareAndSet(true, false)) {
                release.run();
            }
        };
    }
}
