package io.bufferhub.hub.updates;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.bufferhub.hub.store.ClusterEvents;
import io.bufferhub.hub.store.Database;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
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
 * <p>On PostgreSQL a publish also sends a notification on {@link #CHANNEL} ({@link ClusterEvents}, delivered at
 * commit): a notification triggers a look at once, so a held ping wakes in milliseconds instead of up to a period
 * later. The periodic look stays, as the fallback while the listening connection is being re-opened after a
 * database outage (notifications sent meanwhile are lost to it).
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
    private boolean failing;

    public PublishWatcher(CamelContext camel, UpdateStore store, Database db, long periodMs, long windowMs) {
        this.camel = camel;
        this.store = store;
        this.db = db;
        this.periodMs = periodMs;
        this.windowMs = windowMs;
    }

    /** Looks at once whenever another node notifies a publish (PostgreSQL), not only every period. */
    public PublishWatcher listenTo(ClusterEvents events) {
        events.subscribe(CHANNEL, id -> lookSoon());
        events.onGap(this::lookSoon);
        return this;
    }

    @Override
    protected void doStart() {
        executor = camel.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "UpdatePublishWatcher");
        executor.scheduleWithFixedDelay(this::look, periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        if (executor != null) {
            camel.getExecutorServiceManager().shutdownNow(executor);
            executor = null;
        }
    }

    /** Runs a look on the scheduler's thread (looks never overlap); called for a notification. */
    private void lookSoon() {
        ScheduledExecutorService ex = executor;
        if (ex != null && !ex.isShutdown()) {
            try {
                ex.execute(this::look);
            } catch (RejectedExecutionException e) {
                // stopping
            }
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
