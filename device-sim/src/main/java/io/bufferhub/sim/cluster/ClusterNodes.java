package io.bufferhub.sim.cluster;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.bufferhub.sim.bench.BenchDatabase;
import io.bufferhub.sim.bench.HubProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The cluster of {@code cluster-demo}: PostgreSQL (embedded, binaries from Maven Central as in the benchmarks, or
 * the operator's own), the data nodes node-a and node-b sharing it, and the front door — three hub JVMs started
 * with the benchmarks' {@link HubProcess}, on loopback, one admin token.
 *
 * <p>Why the door has a database of its own: redirect rules live in the database and every node sharing it applies
 * them, and a node does not check whether a target is itself (README, "Redirect rules"). Were node-a on the door's
 * database, a device the door sends to node-a would be sent to node-a again by node-a, until it gives up after 5
 * redirects in a row. So, as the README says, the rules point at hubs that do not share the door's database: the
 * door keeps only the device credentials (it authenticates before it redirects) and the rules, on an H2 file of
 * its own; node-a and node-b store the batches in the shared PostgreSQL.
 *
 * <p>{@link #close()} is idempotent and safe from a shutdown hook: Ctrl-C stops the hub JVMs and PostgreSQL too.
 */
final class ClusterNodes implements AutoCloseable {

    /** One hub JVM: {@code root} is {@code https://127.0.0.1:port}, {@code base} that plus {@code /bpp/v1}. */
    record Node(String name, HubProcess process, String root, String base, String database) {
    }

    /**
     * A database as {@link HubProcess} takes it: nothing to close (the server is closed by {@link ClusterNodes}) and
     * no siblings (the demo compares no runs).
     */
    private static BenchDatabase database(String kind, String url, String user, String password) {
        return new BenchDatabase.Simple(kind, url, user, password, () -> { }, name -> {
            throw new IOException("cluster-demo databases have no siblings (asked for " + name + ")");
        });
    }

    private static final String CLUSTER_DB = "bufferhub_cluster";
    private static final List<String> HUB_JVM = List.of("-Xmx512m", "-Dbufferhub.http.host=127.0.0.1");

    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<HubProcess> running = new ArrayList<>();
    private volatile EmbeddedPostgres postgres;
    private String clusterDescription;
    Node door;
    Node nodeA;
    Node nodeB;

    /**
     * Starts PostgreSQL (unless {@code dbUrl} is given), then the door and node-a side by side (different
     * databases), then node-b (after node-a has migrated the shared schema).
     */
    void start(Path home, String hubClasspath, Path runDir, String adminToken, String dbUrl, String dbUser,
               String dbPassword, PrintStream out) throws IOException, InterruptedException {
        BenchDatabase cluster;
        if (dbUrl == null) {
            out.println("starting PostgreSQL (embedded, binaries from Maven Central) ...");
            postgres = EmbeddedPostgres.builder().start();
            try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE " + CLUSTER_DB);
            } catch (SQLException e) {
                throw new IOException("creating database " + CLUSTER_DB + ": " + e.getMessage(), e);
            }
            cluster = database("postgresql", postgres.getJdbcUrl("postgres", CLUSTER_DB), "postgres", "postgres");
            clusterDescription = "embedded PostgreSQL, database " + CLUSTER_DB;
        } else {
            cluster = database("postgresql", dbUrl, dbUser, dbPassword);
            clusterDescription = "PostgreSQL " + dbUrl + " (given with --db-url)";
        }
        BenchDatabase doorDb = database("h2", "jdbc:h2:file:" + runDir.resolve("door").resolve("db").resolve("door").toAbsolutePath()
                + ";LOCK_TIMEOUT=10000", "sa", "");
        out.println("starting 3 hub JVMs (door, node-a, node-b) ...");
        CompletableFuture<Node> doorStart = CompletableFuture.supplyAsync(() ->
                startNode("door", home, hubClasspath, runDir, adminToken, doorDb,
                        "own H2 file (device credentials and redirect rules only)"));
        CompletableFuture<Node> aStart = CompletableFuture.supplyAsync(() ->
                startNode("node-a", home, hubClasspath, runDir, adminToken, cluster, clusterDescription));
        try {
            nodeA = aStart.join();
            nodeB = startNode("node-b", home, hubClasspath, runDir, adminToken, cluster, clusterDescription);
            door = doorStart.join();
        } catch (CompletionException | UncheckedStart e) {
            Throwable cause = e instanceof CompletionException ? e.getCause() : e;
            if (cause instanceof UncheckedStart u) {
                cause = u.getCause();
            }
            if (cause instanceof InterruptedException ie) {
                throw ie;
            }
            throw cause instanceof IOException io ? io : new IOException("starting the hubs failed: " + cause, cause);
        }
    }

    /** A hub that failed to start, carried out of a {@link CompletableFuture}. */
    private static final class UncheckedStart extends RuntimeException {
        UncheckedStart(Exception cause) {
            super(cause);
        }
    }

    private Node startNode(String name, Path home, String cp, Path runDir, String token, BenchDatabase db, String dbText) {
        if (closed.get()) {
            throw new UncheckedStart(new IOException("stopping"));
        }
        HubProcess p;
        try {
            p = HubProcess.start(cp, home, runDir.resolve(name), token, db, HUB_JVM);
        } catch (IOException | InterruptedException e) {
            throw new UncheckedStart(e);
        }
        synchronized (running) {
            running.add(p);
        }
        if (closed.get()) { // Ctrl-C while it started: the hook may have missed it
            stopQuietly(p);
        }
        // hub.json names "localhost"; the hub listens on 127.0.0.1 only, so use that (no IPv6 ::1 first)
        URI u = URI.create(p.url());
        String root = u.getScheme() + "://127.0.0.1:" + u.getPort();
        return new Node(name, p, root, root + "/bpp/v1", dbText);
    }

    List<Node> nodes() {
        return List.of(door, nodeA, nodeB);
    }

    /** The fingerprints of all three self-signed certificates: the devices pin them all (PROTOCOL.md §8). */
    Set<String> pins() {
        Set<String> pins = new LinkedHashSet<>();
        nodes().forEach(n -> pins.addAll(n.process().pins()));
        return pins;
    }

    String clusterDescription() {
        return clusterDescription;
    }

    /** True once {@link #close()} began (the end, or Ctrl-C). */
    boolean isClosed() {
        return closed.get();
    }

    /** Stops one hub the way an operator drains a node: SIGTERM, the hub finishes what it answered, exits. */
    void stop(Node node) throws InterruptedException {
        node.process().close();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        List<HubProcess> hubs;
        synchronized (running) {
            hubs = new ArrayList<>(running);
        }
        // in parallel: each may take a few seconds to shut down cleanly
        List<Thread> stopping = new ArrayList<>();
        for (HubProcess h : hubs) {
            Thread t = new Thread(() -> stopQuietly(h), "stop-hub-" + h.pid());
            t.start();
            stopping.add(t);
        }
        for (Thread t : stopping) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        EmbeddedPostgres pg = postgres;
        if (pg != null) {
            try {
                pg.close();
            } catch (IOException e) {
                System.err.println("cluster-demo: stopping PostgreSQL: " + e);
            }
        }
    }

    private static void stopQuietly(HubProcess h) {
        try {
            h.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One admin token for all three nodes (set as {@code bufferhub.admin.token}). */
    static String adminToken() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
