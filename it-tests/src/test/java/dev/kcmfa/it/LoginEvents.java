package dev.kcmfa.it;

import org.keycloak.events.EventType;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.testframework.events.Events;

/** Reading the user events an admin sees in the console, oldest first. */
final class LoginEvents {

    private LoginEvents() {
    }

    /** The next event of the given type, skipping others; fails when there is none. */
    static EventRepresentation next(Events events, EventType type) {
        for (EventRepresentation event = events.poll(); event != null; event = events.poll()) {
            if (type.name().equals(event.getType())) {
                return event;
            }
        }
        throw new AssertionError("no " + type + " event");
    }
}
