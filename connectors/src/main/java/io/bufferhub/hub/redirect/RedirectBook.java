package io.bufferhub.hub.redirect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.bufferhub.common.Problem;
import io.bufferhub.hub.store.ClusterEvents;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's compiled copy of the redirect list, kept in step with the database. Device requests decide from
 * memory ({@link #decide}), safe on the event loop. A change made through this node ({@link #replace}) is in
 * force for its very next request. Other nodes sharing the database hear of it at once (a notification), look
 * every {@code bufferhub.redirects.checkMs} (200 ms) anyway, and — on PostgreSQL — check the version (one
 * primary-key read) before each authenticated device request ({@link #upToDate}), so a change counts for the next
 * request everywhere. While the database is unreachable the last list stays in force and requests do not wait.
 */
public final class RedirectBook extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(RedirectBook.class);

    private record Installed(long version, RedirectRules rules) {
    }

    private final RedirectStore store;
    private final long checkMillis;
    private volatile Installed installed = new Installed(-1, RedirectRules.NONE);
    /** A stored version this hub could not compile (written by another hub version?): not retried every poll. */
    private volatile long refusedVersion = -1;
    private volatile boolean pollFailing;
    /** Other nodes are told of a change on this channel, the new version as payload. */
    static final String CHANNEL = "bufferhub_redirects";

    private volatile ScheduledExecutorService poller;
    private volatile ClusterEvents events;

    public RedirectBook(RedirectStore store, long checkMillis) {
        if (checkMillis < 10) {
            throw new IllegalArgumentException("bufferhub.redirects.checkMs must be at least 10, got " + checkMillis);
        }
        this.store = store;
        this.checkMillis = checkMillis;
    }

    /**
     * At start: when {@code file} is given, its list replaces the stored one (it is the operator's configuration;
     * {@code PUT /admin/redirects} changes the list at run time until the next start). An unreadable or invalid file
     * stops the hub with a message naming the file and the fault, rather than running with rules nobody asked for.
     * Then the stored list is loaded.
     */
    public void load(Path file) {
        if (file != null) {
            RedirectRules fromFile = readFile(file);
            try {
                if (!fromFile.toJsonText().equals(store.read().rules())) {
                    long version = store.replace(fromFile.toJsonText());
                    LOG.info("Redirect rules from {}: {} now in force (version {})", file, fromFile, version);
                }
            } catch (SQLException e) {
                throw new IllegalStateException("bufferhub.redirects.file " + file
                        + ": cannot store the rules, the database is unreachable (" + e.getMessage() + ")", e);
            }
        }
        try {
            refresh(store.read());
        } catch (SQLException e) {
            LOG.warn("Redirect rules not loaded yet, database unreachable ({}); retrying every {} ms",
                    e.getMessage(), checkMillis);
        }
    }

    static RedirectRules readFile(Path file) {
        String prefix = "bufferhub.redirects.file " + file + ": ";
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(prefix + "cannot read it (" + e + ")", e);
        }
        try {
            return RedirectRules.parseDocument(bytes);
        } catch (Problem p) {
            throw new IllegalArgumentException(prefix + p.detail(), p);
        }
    }

    /** Where this authenticated request goes instead, or null to serve it here. Never blocks. */
    public RedirectRules.Redirect decide(String serial, String name, String group) {
        return installed.rules().decide(serial, name, group);
    }

    /** The list in force on this node. */
    public RedirectRules rules() {
        return installed.rules();
    }

    /** {@code PUT}: stores a validated list and puts it in force on this node at once, on the others in ms. */
    public RedirectRules replace(RedirectRules rules) throws SQLException {
        long version = store.replace(rules.toJsonText());
        install(version, rules);
        LOG.info("Redirect rules replaced: {} (version {})", rules, version);
        ClusterEvents e = events;
        if (e != null) {
            e.send(CHANNEL, Long.toString(version));
        }
        return rules;
    }

    /**
     * Hears rule changes made on other nodes at once (PostgreSQL): a notification makes this node check now
     * instead of at its next check; the periodic check stays for the time notifications cannot arrive.
     */
    public RedirectBook listenTo(ClusterEvents events) {
        this.events = events;
        events.subscribe(CHANNEL, version -> checkSoon());
        events.onGap(this::checkSoon);
        return this;
    }

    /**
     * Completes when this node has the newest rules: at once on a database of its own (H2; this node takes every
     * PUT); with other nodes on the database, after one version check, so that a rule changed on another node
     * counts for the very next request here (PROTOCOL.md §6), not only once the announcement arrived. The check
     * never fails the request: with the database away the rules in force stay.
     */
    public Future<Void> upToDate(Vertx vertx) {
        ClusterEvents e = events;
        if (e == null || !e.shared() || pollFailing) { // database away: no request waits for it, the rules stay
            return Future.succeededFuture();
        }
        return vertx.executeBlocking(() -> {
            poll();
            return null;
        }, false);
    }

    private void checkSoon() {
        ScheduledExecutorService p = poller;
        if (p != null && !p.isShutdown()) {
            try {
                p.execute(this::poll);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // stopping
            }
        }
    }

    /** {@code GET}: the stored list (read, so that it is current even if this node's check is still due). */
    public RedirectRules current() throws SQLException {
        refresh(store.read());
        return installed.rules();
    }

    /** One check: the version, and the list only when the version moved. */
    void poll() {
        try {
            long version = store.version();
            if (version > installed.version() && version != refusedVersion) {
                refresh(store.read());
            }
            if (pollFailing) {
                pollFailing = false;
                LOG.info("Redirect rules: database reachable again");
            }
        } catch (SQLException | RuntimeException e) {
            if (!pollFailing) {
                pollFailing = true;
                LOG.warn("Redirect rules: cannot check for changes ({}); the current list stays in force", e.toString());
            }
        }
    }

    private void refresh(RedirectStore.Stored stored) {
        if (stored.version() <= installed.version() || stored.version() == refusedVersion) {
            return;
        }
        try {
            install(stored.version(), RedirectRules.fromStored(stored.rules()));
        } catch (Problem p) {
            refusedVersion = stored.version();
            LOG.error("Stored redirect rules (version {}) refused, the previous list stays in force: {}",
                    stored.version(), p.detail());
        }
    }

    /** Versions only go forward: a check that read an older version while a PUT committed cannot undo the PUT. */
    private synchronized void install(long version, RedirectRules rules) {
        if (version > installed.version()) {
            installed = new Installed(version, rules);
        }
    }

    @Override
    protected void doStart() {
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bufferhub-redirect-rules");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(this::poll, checkMillis, checkMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() throws InterruptedException {
        if (poller != null) {
            poller.shutdownNow();
            poller.awaitTermination(5, TimeUnit.SECONDS);
            poller = null;
        }
    }
}
