package io.bufferhub.hub.updates;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.bufferhub.hub.store.Database;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes publishes by other hub nodes wake the pings held here (PROTOCOL.md §4: "within one second … on
 * whichever hub node the device is held by"). Several nodes share one database and nothing else, so each node
 * looks every {@code periodMs} for updates created in the last {@code windowMs} and announces the ones it has
 * not announced yet; its own publishes are announced at commit and skipped here.
 *
 * <p>The window (not an id cursor) is what makes this safe: an update whose transaction commits late still
 * shows up in a later look. It also absorbs clock differences between nodes up to its length. Without
 * listeners (no heartbeat long-poll wired) the database is not asked at all.
 *
 * <p>On PostgreSQL a publish also sends {@code NOTIFY} on {@link #CHANNEL} (delivered at commit), and this
 * node {@code LISTEN}s on one pooled connection: a notification triggers a look at once, so a held ping wakes
 * in milliseconds instead of up to a period later. The periodic look stays, as the fallback while that
 * connection is being re-opened after a database outage (notifications sent meanwhile are lost to it).
 */
public final class PublishWatcher extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(PublishWatcher.class);

    /** The PostgreSQL notification channel a publish notifies with the update id as payload. */
    public static final String CHANNEL = "bufferhub_update_published";

    private final CamelContext camel;
    private final UpdateStore store;
    private final Database db;
    private final long periodMs;
    private final long windowMs;
    private ScheduledExecutorService executor;
    private ExecutorService listener;
    private volatile boolean stopping;
    private boolean failing;
    private boolean listenFailing;

    public PublishWatcher(CamelContext camel, UpdateStore store, Database db, long periodMs, long windowMs) {
        this.camel = camel;
        this.store = store;
        this.db = db;
        this.periodMs = periodMs;
        this.windowMs = windowMs;
    }

    @Override
    protected void doStart() {
        executor = camel.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "UpdatePublishWatcher");
        stopping = false;
        if (db.dialect() == Database.Dialect.POSTGRESQL) {
            listener = camel.getExecutorServiceManager().newSingleThreadExecutor(this, "UpdatePublishListener");
            listener.execute(this::listen);
        } else {
            executor.scheduleWithFixedDelay(this::look, periodMs, periodMs, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    protected void doStop() {
        stopping = true;
        if (listener != null) {
            camel.getExecutorServiceManager().shutdownGraceful(listener, 2 * periodMs + 1000);
            listener = null;
        }
        if (executor != null) {
            camel.getExecutorServiceManager().shutdownNow(executor);
            executor = null;
        }
    }

    /**
     * PostgreSQL: waits up to a period for notifications on a connection that LISTENs, then looks; the look
     * runs on the scheduler's thread so that looks never overlap. After a failure the connection is given back
     * and opened again a period later (looks go on meanwhile, by the period).
     */
    private void listen() {
        while (!stopping) {
            try (Connection c = db.connection()) {
                PGConnection pg = c.unwrap(PGConnection.class);
                try (var st = c.createStatement()) {
                    st.execute("LISTEN " + CHANNEL);
                }
                LOG.info(listenFailing ? "Listening for updates published by other hub nodes again"
                        : "Listening for updates published by other hub nodes (PostgreSQL LISTEN {})", CHANNEL);
                listenFailing = false;
                try {
                    while (!stopping) {
                        pg.getNotifications((int) periodMs); // any notification or none: look either way
                        lookSoon();
                    }
                } finally {
                    unlisten(c); // the connection goes back to the pool
                }
            } catch (SQLException | RuntimeException e) {
                if (!listenFailing && !stopping && !camel.isStopping()) {
                    LOG.warn("Cannot LISTEN for updates published by other hub nodes (looking every {} ms): {}",
                            periodMs, e.toString());
                    listenFailing = true;
                }
                lookSoon();
                sleepPeriod();
            }
        }
    }

    private static void unlisten(Connection c) {
        try (var st = c.createStatement()) {
            st.execute("UNLISTEN " + CHANNEL);
        } catch (SQLException e) {
            // broken: the pool drops it
        }
    }

    private void lookSoon() {
        ScheduledExecutorService ex = executor;
        if (ex != null && !ex.isShutdown()) {
            try {
                ex.execute(this::look);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // stopping
            }
        }
    }

    private void sleepPeriod() {
        try {
            Thread.sleep(periodMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }

    /** One look at the recent updates; failures are logged once per outage and retried at the next period. */
    void look() {
        if (!store.hasListeners()) {
            return;
        }
        long since = System.currentTimeMillis() - windowMs;
        try {
            for (Map.Entry<String, Recent> e : recent(since).entrySet()) {
                store.announce(e.getKey(), e.getValue().created, e.getValue().serials);
            }
            store.forgetAnnouncedBefore(since - windowMs);
            failing = false;
        } catch (SQLException | RuntimeException e) {
            if (!failing && !camel.isStopping()) { // the pool may close before this service stops
                LOG.warn("Cannot look for updates published by other hub nodes (retrying every {} ms): {}",
                        periodMs, e.toString());
                failing = true;
            }
        }
    }

    private record Recent(long created, List<String> serials) {
    }

    private Map<String, Recent> recent(long since) throws SQLException {
        return db.withConnection(c -> {
            Map<String, Recent> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT u.id, u.created, s.serial FROM update_item u"
                    + " JOIN update_state s ON s.update_id = u.id WHERE u.created > ? ORDER BY u.ordinal, s.serial")) {
                ps.setLong(1, since);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long created = rs.getLong(2);
                        out.computeIfAbsent(rs.getString(1), id -> new Recent(created, new ArrayList<>()))
                                .serials().add(rs.getString(3));
                    }
                }
            }
            return out;
        });
    }
}
