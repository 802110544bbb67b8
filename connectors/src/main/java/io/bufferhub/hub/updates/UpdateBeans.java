package io.bufferhub.hub.updates;

import io.bufferhub.hub.store.ClusterEvents;
import io.bufferhub.hub.store.Database;
import org.apache.camel.CamelContext;

/**
 * Binds the update and diagnostics beans the YAML routes ({@code routes/hub/updates-*.camel.yaml},
 * {@code diagnostics.camel.yaml}) call. One call from the hub's wiring; the returned store is the
 * {@link io.bufferhub.hub.ping.UpdateFeed} the heartbeat long-poll listens to.
 */
public final class UpdateBeans {

    /** How often a node looks for publishes of other nodes: well inside the protocol's one second. */
    static final long WATCH_PERIOD_MS = 500;
    /** How far back it looks: longer than any commit delay or clock difference between nodes. */
    static final long WATCH_WINDOW_MS = 60_000;

    private UpdateBeans() {
    }

    /** As below, for a single node without a signing key: no other node to hear from. */
    public static UpdateStore bind(CamelContext camel, Database db, int minHeartbeat, int maxHeartbeat) {
        return bind(camel, db, null, minHeartbeat, maxHeartbeat, null);
    }

    /**
     * @param events how other nodes' publishes are heard at once (null: by the periodic look only)
     * @param signer signs firmware published without a signature (null: none)
     */
    public static UpdateStore bind(CamelContext camel, Database db, ClusterEvents events, int minHeartbeat,
                                   int maxHeartbeat, UpdateSigner signer) {
        UpdateStore store = new UpdateStore(db);
        camel.getRegistry().bind("updateStore", store);
        camel.getRegistry().bind("updateAdmin", new UpdateAdmin(store, signer));
        camel.getRegistry().bind("updateDevice", new UpdateDevice(store, minHeartbeat, maxHeartbeat));
        camel.getRegistry().bind("diagnosticsIngest", new DiagnosticsIngest(new DiagnosticsStore(db)));
        try {
            // started with the context, stopped before services added earlier (the database pool)
            PublishWatcher watcher = new PublishWatcher(camel, store, db, WATCH_PERIOD_MS, WATCH_WINDOW_MS);
            camel.addService(events == null ? watcher : watcher.listenTo(events), true, false);
        } catch (Exception e) {
            throw new IllegalStateException("cannot add the update publish watcher", e);
        }
        return store;
    }
}
