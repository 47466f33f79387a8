package dev.kcmfa.core;

import org.keycloak.cluster.ClusterEvent;

/**
 * "The stored answer under this key has changed": sent to every node through Keycloak's cluster provider, so that
 * the node holding a waiting browser wakes it wherever the phone's answer arrived. It carries only the key; the
 * woken request reads the answer from the store.
 */
record WakeupEvent(String key) implements ClusterEvent {

    /** The cluster provider's task key under which these events travel. */
    static final String CLUSTER_TASK = "mfa-waits-wakeup";
}
