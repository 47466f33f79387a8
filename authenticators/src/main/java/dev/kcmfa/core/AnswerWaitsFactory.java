package dev.kcmfa.core;

import java.util.List;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ProviderFactory;

/**
 * This node's waiting requests and its caps on them; one instance per node, as Keycloak keeps every factory. It
 * listens for {@link WakeupEvent}s from every node of the cluster (its own included) and wakes the requests that
 * wait here on the event's key.
 */
public class AnswerWaitsFactory implements ProviderFactory<AnswerWaits> {

    static final String ID = "default";
    /** Keycloak's request pool is at least 50 threads: a fifth of that may wait for phones in token requests. */
    static final int DEFAULT_TOKEN_REQUESTS = 10;
    static final int DEFAULT_PER_CLIENT = 4;
    /** Browser waits hold memory only (a few KB each): many per node, and many per address for offices behind NAT. */
    static final int DEFAULT_BROWSER_WAITS = 20_000;
    static final int DEFAULT_BROWSER_WAITS_PER_CLIENT = 200;
    private static final Logger LOG = Logger.getLogger(AnswerWaitsFactory.class);

    private NodeWaits node;

    @Override
    public void init(Config.Scope config) {
        NodeWaits.Limits limits = new NodeWaits.Limits(
                atLeastOne(config.getInt("tokenRequests", DEFAULT_TOKEN_REQUESTS)),
                atLeastOne(config.getInt("perClient", DEFAULT_PER_CLIENT)),
                atLeastOne(config.getInt("browserWaits", DEFAULT_BROWSER_WAITS)),
                atLeastOne(config.getInt("browserWaitsPerClient", DEFAULT_BROWSER_WAITS_PER_CLIENT)));
        node = new NodeWaits(limits);
        LOG.debugf("Waits on this node: %s", limits);
    }

    private static int atLeastOne(int value) {
        return Math.max(1, value);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                KeycloakModelUtils.runJobInTransaction(factory, session -> listen(session));
            }
        });
    }

    private void listen(KeycloakSession session) {
        ClusterProvider cluster = session.getProvider(ClusterProvider.class);
        if (cluster == null) {
            LOG.warn("No cluster provider: waiting requests wake only for answers that reach this node");
            return;
        }
        cluster.registerListener(WakeupEvent.CLUSTER_TASK, event -> {
            if (event instanceof WakeupEvent wakeup) {
                node.wakeups().wake(wakeup.key());
            }
        });
    }

    @Override
    public AnswerWaits create(KeycloakSession session) {
        return new AnswerWaits(session, node);
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name("tokenRequests").type(ProviderConfigProperty.INTEGER_TYPE)
                .helpText("How many token requests (password grant with push or Duo) may wait for a phone on this "
                        + "node at once; each holds a request thread. Beyond it a request is refused at once.")
                .defaultValue(DEFAULT_TOKEN_REQUESTS).add()
                .property().name("perClient").type(ProviderConfigProperty.INTEGER_TYPE)
                .helpText("How many such token requests one client address (IPv6: one /64) may have waiting on this "
                        + "node at once.")
                .defaultValue(DEFAULT_PER_CLIENT).add()
                .property().name("browserWaits").type(ProviderConfigProperty.INTEGER_TYPE)
                .helpText("How many browsers may wait for a phone on this node at once (each holds a connection "
                        + "and a few KB, no thread).")
                .defaultValue(DEFAULT_BROWSER_WAITS).add()
                .property().name("browserWaitsPerClient").type(ProviderConfigProperty.INTEGER_TYPE)
                .helpText("How many of them one client address (IPv6: one /64) may hold: an office behind one "
                        + "address needs many.")
                .defaultValue(DEFAULT_BROWSER_WAITS_PER_CLIENT).add()
                .build();
    }

    @Override
    public void close() {
        // the waits end with their deadlines; nothing else is held
    }

    @Override
    public String getId() {
        return ID;
    }
}
