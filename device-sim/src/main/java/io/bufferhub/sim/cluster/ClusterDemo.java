package io.bufferhub.sim.cluster;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.bufferhub.common.Json;
import io.bufferhub.sim.CliArgs;
import io.bufferhub.sim.push.HubClient;

/**
 * {@code cluster-demo}: what an operator of several hub nodes sees when moving devices between them (issue 6).
 * A front door and two data nodes on loopback, a fleet pushing to the door's URL; the door spreads the devices
 * over node-a and node-b by serial hash, then the operator sends every device to node-b and drains node-a.
 *
 * <p>Why the move takes a rule change <em>and</em> stopping node-a: after a {@code 307} a device keeps the
 * target until 5 connection failures in a row, 24 hours or a restart (PROTOCOL.md §6), so a changed rule only
 * reaches devices that come back to the door. Draining a node is what makes its devices come back: they fail
 * to connect, return to the main URL after the fifth failure and get the new rule. The line every 2 s shows
 * it: nothing moves on the rule change, node-a's devices move a few seconds after it stops, and no batch is
 * lost or stored twice (a push cut by the stop is retried at node-b, on the same database).
 *
 * <p>Pieces: {@link ClusterNodes} (databases and hub JVMs), {@link DemoDevice} (the agent's own push and
 * redirect code per device), {@link NodeTally} (per-node counts as the devices saw them), {@link
 * ExactlyOnceCheck} (the end). Needs {@code -Dbufferhub.home} and {@code -Dbufferhub.hub.classpath}, as the
 * benchmarks do.
 */
public final class ClusterDemo {

    public static final String USAGE = """
              cluster-demo [--devices N] [--seconds S] [--move-after M] [--drain-after D]
                           [--db-url JDBC_URL [--db-user U] [--db-password P]]
                a front door and data nodes node-a, node-b (three hub JVMs on loopback, HTTPS, devices pin all
                three certificates); node-a and node-b share one PostgreSQL (embedded from Maven binaries unless
                --db-url), the door keeps only credentials and redirect rules. N devices (default 20) push to
                the door, which spreads them over node-a and node-b by serial hash (307). After M s (default 20)
                the operator sends every device to node-b and D s later (default 6) stops node-a: its devices come
                back to the door after 5 failed connections and go to node-b. A line every 2 s per node; after
                S s (default 60) exactly-once is checked: EXACTLY ONCE or MISMATCH (exit status 1).""";

    private static final Set<String> NAMES = Set.of("devices", "seconds", "move-after", "drain-after", "db-url",
            "db-user", "db-password");
    private static final long TICK_MS = 2_000;
    private static final long PUSH_INTERVAL_MS = 1_000;
    private static final long FINISH_MS = 20_000;

    private final PrintStream out;
    private final ClusterNodes nodes;
    private final String token;
    private final List<DemoDevice> devices = new ArrayList<>();
    private HubClient doorAdmin;
    private HubClient clusterAdmin;
    private NodeTally tally;

    private ClusterDemo(PrintStream out, ClusterNodes nodes, String token) {
        this.out = out;
        this.nodes = nodes;
        this.token = token;
    }

    public static int run(List<String> args, PrintStream out) throws Exception {
        CliArgs a = new CliArgs(args, NAMES);
        int count = a.intValue("devices", 20, 1, 200);
        long seconds = a.longValue("seconds", 60, 20, 86_400);
        long moveAfter = a.longValue("move-after", 20, 4, 86_400);
        long drainAfter = a.longValue("drain-after", 6, 0, 86_400);
        if (moveAfter + drainAfter + 10 > seconds) {
            throw new CliArgs.UsageException("--seconds must leave at least 10 s after --move-after + --drain-after ("
                    + moveAfter + " + " + drainAfter + "), for node-a's devices to move; got " + seconds);
        }
        String dbUrl = a.string("db-url", null);
        if (dbUrl == null && (a.has("db-user") || a.has("db-password"))) {
            throw new CliArgs.UsageException("--db-user and --db-password go with --db-url");
        }
        String home = System.getProperty("bufferhub.home");
        String hubCp = System.getProperty("bufferhub.hub.classpath");
        if (home == null || home.isBlank() || hubCp == null || hubCp.isBlank()) {
            throw new CliArgs.UsageException("cluster-demo needs -Dbufferhub.home=<repository root> and"
                    + " -Dbufferhub.hub.classpath=<hub classpath, e.g. hub/target/classes:hub/target/lib/*>");
        }
        DemoDevice.quietLogs();
        Path runDir = Files.createTempDirectory("bufferhub-cluster-demo-");
        ClusterNodes nodes = new ClusterNodes();
        // Ctrl-C: the hub JVMs and PostgreSQL go with this one
        Thread hook = new Thread(() -> {
            if (!nodes.isClosed()) {
                out.println(">>> stopped: the three hubs and PostgreSQL are being stopped; nothing was checked");
                nodes.close();
            }
        }, "cluster-demo-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            String token = ClusterNodes.adminToken();
            out.println("cluster-demo: " + count + " devices, " + seconds + " s; rule change at " + moveAfter
                    + " s, node-a stopped at " + (moveAfter + drainAfter) + " s; run directory " + runDir);
            nodes.start(Path.of(home).toAbsolutePath().normalize(), hubCp, runDir, token, dbUrl,
                    a.string("db-user", ""), a.string("db-password", ""), out);
            ClusterDemo demo = new ClusterDemo(out, nodes, token);
            return demo.demo(count, dbUrl != null, seconds * 1000, moveAfter * 1000, (moveAfter + drainAfter) * 1000);
        } catch (Exception e) {
            if (nodes.isClosed()) { // Ctrl-C: the hubs went away under the demo
                return 130;
            }
            throw e;
        } finally {
            nodes.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running already
            }
        }
    }

    private int demo(int count, boolean externalDb, long runMs, long moveAtMs, long drainAtMs) throws Exception {
        printNodes();
        Set<String> pins = nodes.pins();
        doorAdmin = new HubClient(nodes.door.root(), pins);
        clusterAdmin = new HubClient(nodes.nodeB.root(), pins); // node-b stays up to the end
        Map<String, String> bases = new LinkedHashMap<>();
        nodes.nodes().forEach(n -> bases.put(n.name(), n.base()));
        tally = new NodeTally(bases);
        // a database given with --db-url may hold an earlier run's CL-0001: a run tag keeps the seqs apart
        String prefix = externalDb ? "CL-" + Long.toString(System.currentTimeMillis() / 1000 % 1_679_616, 36) + "-"
                : "CL-";
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < count; i++) {
            byte[] s = new byte[18];
            random.nextBytes(s);
            devices.add(new DemoDevice(String.format("%s%04d", prefix, i + 1),
                    Base64.getUrlEncoder().withoutPadding().encodeToString(s), i, nodes.door.base(), pins,
                    PUSH_INTERVAL_MS, tally));
        }
        register();
        String spread = rules("pool", List.of(nodes.nodeA.base(), nodes.nodeB.base()), "hash");
        out.println();
        out.println(">>> operator: spread the CL-* devices over node-a and node-b by serial hash (307, sticky)");
        putRules(spread);

        List<Thread> threads = new ArrayList<>();
        for (DemoDevice d : devices) {
            Thread t = new Thread(d, "device-" + d.serial);
            t.setDaemon(true);
            threads.add(t);
        }
        out.println();
        out.print("""
                Every 2 s, per node, as the devices saw it: batches it stored (201 answers from it) and devices it
                answered in the interval; redir = pushes the door answered with 307; next request = where each
                device's next push goes (its 307 memory); pushed = batches acknowledged so far, db = batches in the
                cluster database (GET /admin/batches per device; may be ahead of pushed by the pushes in flight).
                  time | door          | node-a         | node-b         | next request to    | pushed     db | failed
                       | stored  redir | stored devices | stored devices | door node-a node-b |               |
                """);
        long start = System.currentTimeMillis();
        threads.forEach(Thread::start);
        long nextTick = start + TICK_MS;
        boolean moved = false;
        Thread drain = null;
        Map<String, String> whereAtMove = new TreeMap<>();
        while (true) {
            long now = System.currentTimeMillis();
            long wake = Math.min(nextTick, start + runMs);
            if (!moved) {
                wake = Math.min(wake, start + moveAtMs);
            } else if (drain == null) {
                wake = Math.min(wake, start + drainAtMs);
            }
            if (wake > now) {
                Thread.sleep(wake - now);
                continue;
            }
            if (!moved && now >= start + moveAtMs) {
                moved = true;
                devices.forEach(d -> whereAtMove.put(d.serial, nameOf(d.currentBase())));
                moveEveryoneToB(now - start);
            }
            if (moved && drain == null && now >= start + drainAtMs) {
                drain = drainNodeA(now - start, start);
            }
            if (now >= nextTick) {
                line(nextTick - start);
                nextTick += TICK_MS;
            }
            if (now >= start + runMs) {
                break;
            }
        }
        out.println(">>> " + secs(System.currentTimeMillis() - start) + " end: devices seal no more batches and finish"
                + " the one in hand (up to " + FINISH_MS / 1000 + " s)");
        long giveUp = System.currentTimeMillis() + FINISH_MS;
        boolean inHand = devices.stream().anyMatch(d -> d.pendingSeq() > 0);
        devices.forEach(d -> d.finish(giveUp));
        for (Thread t : threads) {
            t.join(Math.max(1, giveUp + 5_000 - System.currentTimeMillis()));
        }
        if (drain != null) {
            drain.join();
        }
        if (inHand) {
            line(System.currentTimeMillis() - start);
        }
        return summary(whereAtMove);
    }

    private void printNodes() {
        out.println();
        out.printf(Locale.ROOT, "  %-7s %-24s %-58s %s%n", "node", "URL", "database", "log");
        for (ClusterNodes.Node n : nodes.nodes()) {
            out.printf(Locale.ROOT, "  %-7s %-24s %-58s %s%n", n.name(), n.root(), n.database(), n.process().log());
        }
        out.println("  admin token (all three): " + token);
        out.println("  TLS: each node made its own self-signed certificate; every device pins all three fingerprints");
        out.println("  (PROTOCOL §8: pinning covers redirect targets too), so the demo runs HTTPS as in production:");
        for (ClusterNodes.Node n : nodes.nodes()) {
            out.println("    " + n.name() + " " + String.join(",", n.process().pins()));
        }
        out.print("""
                  Why the door has its own database: redirect rules are stored in the database and every node on it
                  applies them, without checking whether a target is itself. node-a on the door's database would
                  redirect its devices to node-a again (a loop; devices give up after 5 redirects). So the door keeps
                  device credentials (it authenticates before redirecting) and rules; node-a and node-b the batches.
                """);
    }

    /** The same device and secret in both databases: the door authenticates, node-a and node-b store. */
    private void register() throws Exception {
        HubClient nodeAAdmin = new HubClient(nodes.nodeA.root(), nodes.pins());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < devices.size(); i++) {
                DemoDevice d = devices.get(i);
                String name = DemoDevice.name(i);
                results.add(pool.submit(() -> {
                    for (HubClient hub : List.of(doorAdmin, nodeAAdmin)) {
                        HubClient.Answer r = hub.putDevice(token, d.serial, name, d.secret, "cluster-demo");
                        if (r.status() != 201 && r.status() != 200) {
                            return d.serial + " at " + hub.baseUrl() + ": HTTP " + r.status() + " " + r.body();
                        }
                    }
                    return null;
                }));
            }
            for (Future<String> f : results) {
                if (f.get() != null) {
                    throw new IllegalStateException("registering devices failed: " + f.get());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        out.println();
        out.println("registered " + devices.size() + " devices (" + devices.get(0).serial + " … "
                + devices.get(devices.size() - 1).serial + ") with PUT /admin/devices on the door and on node-a (the"
                + " cluster database); their main URL is the door: " + nodes.door.base());
    }

    /** The whole list (a PUT replaces it): one rule for the demo's serials, {@code "to"} or {@code "pool"}. */
    private static String rules(String kind, Object target, String spread) {
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("match", Map.of("serialPattern", "CL-*"));
        rule.put(kind, target);
        if (spread != null) {
            rule.put("spread", spread);
        }
        return Json.write(Map.of("rules", List.of(rule)));
    }

    private void putRules(String body) throws Exception {
        out.println("    PUT " + nodes.door.root() + "/admin/redirects   (Authorization: Bearer <admin token>)");
        out.println("    " + body);
        HubClient.Answer r = doorAdmin.admin(token, "PUT", "/admin/redirects", body);
        out.println("    → " + r.status() + (r.status() == 200 ? " (in force on the door at once)" : " " + r.body()));
        if (r.status() != 200) {
            throw new IllegalStateException("the door refused the rules: HTTP " + r.status() + " " + r.body());
        }
    }

    private void moveEveryoneToB(long atMs) throws Exception {
        out.println(">>> " + secs(atMs) + " operator: node-a is to be drained; every CL-* device to node-b");
        putRules(rules("to", nodes.nodeB.base(), null));
        out.print("""
                    Devices sent to node-a keep using it: a 307 is remembered until 5 connection failures in a row,
                    24 h or a restart (PROTOCOL §6), so a rule change alone moves only devices that come back to the
                    door. Watch: nothing moves until node-a stops.
                """);
    }

    /** Stops node-a on a thread of its own (a clean stop takes seconds); the lines go on meanwhile. */
    private Thread drainNodeA(long atMs, long start) {
        out.println(">>> " + secs(atMs) + " operator: stops node-a (SIGTERM: it finishes what it answered, then exits);"
                + " its devices fail to connect, return to the door after 5 failures in a row and get the new rule");
        Thread t = new Thread(() -> {
            try {
                nodes.stop(nodes.nodeA);
                out.println(">>> " + secs(System.currentTimeMillis() - start) + " node-a has exited");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "drain-node-a");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void line(long atMs) throws Exception {
        Map<String, NodeTally.Interval> i = tally.take();
        Map<String, Integer> next = tally.remembered(devices);
        long pushed = devices.stream().mapToLong(d -> d.acknowledged().size()).sum();
        long db;
        try {
            db = ExactlyOnceCheck.countStored(devices, clusterAdmin, token);
        } catch (IOException e) {
            db = -1; // node-b unreachable for a moment: the line goes on, the end check says what counts
        }
        long failed = i.values().stream().mapToLong(x -> x.failed.sum()).sum();
        NodeTally.Interval door = i.get("door");
        NodeTally.Interval a = i.get("node-a");
        NodeTally.Interval b = i.get("node-b");
        String why = failed == 0 || tally.lastProblem() == null ? "" : "  e.g. " + abbreviate(tally.lastProblem(), 70);
        out.printf(Locale.ROOT, "%6s | %6d %6d | %6d %7d | %6d %7d | %4d %6d %6d | %6d %6s | %6d%s%n", secs(atMs),
                door.stored.sum(), door.redirected.sum(), a.stored.sum(), a.served.size(), b.stored.sum(),
                b.served.size(), next.get("door"), next.get("node-a"), next.get("node-b"), pushed,
                db < 0 ? "?" : Long.toString(db), failed, why);
    }

    private int summary(Map<String, String> whereAtMove) throws Exception {
        Map<String, Integer> moves = new TreeMap<>();
        devices.forEach(d -> moves.merge(whereAtMove.getOrDefault(d.serial, "?") + " → " + nameOf(d.currentBase()), 1,
                Integer::sum));
        out.println();
        out.println("devices, where they were at the rule change → where they are now: " + moves);
        ExactlyOnceCheck.Result r = ExactlyOnceCheck.check(devices, clusterAdmin, doorAdmin, token);
        out.printf(Locale.ROOT, "stored: %d batches in the cluster database, %d at the door; acknowledged to the"
                + " devices: %d; unanswered when the devices gave up at the end: %d; failed attempts, each retried:"
                + " %d%n", r.inCluster(), r.atDoor(), r.acknowledged(), r.unresolved(), tally.failedTotal());
        if (r.acknowledged() == 0) {
            out.println("NOTHING STORED: no device got a batch acknowledged; last problem: " + tally.lastProblem());
            return 1;
        }
        if (r.ok()) {
            out.println("EXACTLY ONCE: every acknowledged batch of " + devices.size() + " devices is stored once, with"
                    + " the bytes sent (GET /admin/batches per device on node-b and on the door)");
            return 0;
        }
        out.println("MISMATCH: " + r.problems().size() + " problem(s): "
                + String.join("; ", r.problems().subList(0, Math.min(10, r.problems().size()))));
        return 1;
    }

    private String nameOf(String base) {
        for (ClusterNodes.Node n : nodes.nodes()) {
            if (n.base().equals(base)) {
                return n.name();
            }
        }
        return base;
    }

    private static String secs(long ms) {
        return (ms + 500) / 1000 + "s";
    }

    private static String abbreviate(String s, int max) {
        // "java.net.ConnectException: …" → "ConnectException: …"; nested classes too
        String one = s.replaceAll("\\s+", " ")
                .replaceAll("(?:[a-z]\\w*\\.)+(?:\\w+\\$)?(\\w+(?:Exception|Error))", "$1");
        return one.length() <= max ? one : one.substring(0, max) + "…";
    }

}
