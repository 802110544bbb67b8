package io.bufferhub.hub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one hub node tells the others that share its PostgreSQL database: an update published, redirect rules or a
 * device changed, a newer ping held. Sent with {@code NOTIFY} (delivered at commit when sent inside a transaction)
 * and heard on one pooled connection per node that {@code LISTEN}s on every subscribed channel. On H2 (one node
 * by definition) nothing is sent or heard.
 *
 * <p>Notifications are a fast path, not a log: while the listening connection is down (database restart) they
 * are lost, so each subscriber also has a slower way to catch up (a periodic look), and {@link #onGap} tells it
 * to catch up at once when the connection is back.
 */
public final class ClusterEvents extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterEvents.class);

    private final CamelContext camel;
    private final Database db;
    private final long waitMs;
    /** This process's identity in payloads, so a node can tell its own events from others'. */
    private final String nodeId = UUID.randomUUID().toString();
    private final Map<String, List<Consumer<String>>> handlers = new ConcurrentHashMap<>();
    private final List<Runnable> gapHandlers = new CopyOnWriteArrayList<>();
    private ExecutorService listener;
    private volatile boolean stopping;
    private boolean failing;

    /**
     * @param waitMs how long one wait for notifications lasts; also the pause before re-opening a lost
     *               connection, and so the stop delay
     */
    public ClusterEvents(CamelContext camel, Database db, long waitMs) {
        this.camel = camel;
        this.db = db;
        this.waitMs = waitMs;
    }

    public String nodeId() {
        return nodeId;
    }

    /** True when events reach other nodes (PostgreSQL); false on H2. */
    public boolean shared() {
        return db.dialect() == Database.Dialect.POSTGRESQL;
    }

    /**
     * Calls {@code handler} with the payload of every notification on {@code channel} (lower-case letters and
     * {@code _}), on the listening thread: keep it short, hand real work to another thread. Subscribe before start.
     */
    public void subscribe(String channel, Consumer<String> handler) {
        if (!channel.matches("[a-z_]{1,60}")) {
            throw new IllegalArgumentException("channel name: lower-case letters and _, got '" + channel + "'");
        }
        handlers.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(handler);
    }

    /** Runs {@code handler} after the listening connection was (re)opened: events meanwhile may be lost. */
    public void onGap(Runnable handler) {
        gapHandlers.add(handler);
    }

    /** Sends on {@code c} (inside the caller's transaction: delivered at its commit). Nothing on H2. */
    public void send(Connection c, String channel, String payload) throws SQLException {
        send(db.dialect(), c, channel, payload);
    }

    /** As above, for a store that has the database but not this service. */
    public static void send(Database.Dialect dialect, Connection c, String channel, String payload)
            throws SQLException {
        if (dialect != Database.Dialect.POSTGRESQL) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            ps.setString(1, channel);
            ps.setString(2, payload);
            ps.execute();
        }
    }

    /** Sends now, outside any transaction; a failure is logged (the others catch up by their periodic look). */
    public void send(String channel, String payload) {
        if (!shared()) {
            return;
        }
        try {
            db.withConnection(c -> {
                send(c, channel, payload);
                return null;
            });
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Could not tell the other hub nodes ({} {}): {}", channel, payload, e.toString());
        }
    }

    @Override
    protected void doStart() {
        stopping = false;
        if (shared() && !handlers.isEmpty()) {
            listener = camel.getExecutorServiceManager().newSingleThreadExecutor(this, "ClusterEvents");
            listener.execute(this::listen);
        }
    }

    @Override
    protected void doStop() {
        stopping = true;
        if (listener != null) {
            camel.getExecutorServiceManager().shutdownGraceful(listener, 2 * waitMs + 1000);
            listener = null;
        }
    }

    private void listen() {
        while (!stopping) {
            try (Connection c = db.connection()) {
                PGConnection pg = c.unwrap(PGConnection.class);
                try (var st = c.createStatement()) {
                    for (String channel : handlers.keySet()) {
                        st.execute("LISTEN " + channel); // checked names: identifiers cannot be bind parameters
                    }
                }
                LOG.info((failing ? "Listening to the other hub nodes again" : "Listening to the other hub nodes")
                        + " (PostgreSQL LISTEN {})", handlers.keySet());
                failing = false;
                gapHandlers.forEach(ClusterEvents::quietly);
                try {
                    while (!stopping) {
                        PGNotification[] batch = pg.getNotifications((int) waitMs);
                        if (batch != null) {
                            for (PGNotification n : batch) {
                                dispatch(n.getName(), n.getParameter());
                            }
                        }
                    }
                } finally {
                    unlisten(c); // the connection goes back to the pool
                }
            } catch (SQLException | RuntimeException e) {
                if (!failing && !stopping && !camel.isStopping()) {
                    LOG.warn("Cannot LISTEN to the other hub nodes (retrying every {} ms; they catch up by polling"
                            + " meanwhile): {}", waitMs, e.toString());
                    failing = true;
                }
                pause();
            }
        }
    }

    void dispatch(String channel, String payload) {
        for (Consumer<String> h : handlers.getOrDefault(channel, List.of())) {
            quietly(() -> h.accept(payload));
        }
    }

    private static void quietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("Handling an event from another hub node failed: {}", e.toString());
        }
    }

    private static void unlisten(Connection c) {
        try (var st = c.createStatement()) {
            st.execute("UNLISTEN *");
        } catch (SQLException e) {
            // broken: the pool drops it
        }
    }

    private void pause() {
        try {
            Thread.sleep(waitMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }
}
