package io.bufferhub.sim.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.bufferhub.sim.CliArgs;
import io.bufferhub.sim.push.HubClient;

/**
 * {@code bench ping}: how many heartbeat pings one hub process holds, what each costs in heap and RSS against a
 * bare Vert.x server holding as many connections (measured in the same run), and publish-to-wake latency with
 * many pings held. The hub and the bare server are child JVMs; this JVM is the device fleet.
 */
public final class PingBench {

    public static final String USAGE = """
              bench ping [--pings N] [--wake-at M] [--wakes K]
                hold N pings (default 19000) on one hub; heap and RSS per held ping vs a bare Vert.x server
                holding N connections; publish → wake latency p50/p99 for K devices with M pings held""";

    private final Path home;
    private final String hubCp;
    private final int pings;
    private final int wakeAt;
    private final int wakes;
    private final PrintStream out;

    private PingBench(Path home, String hubCp, int pings, int wakeAt, int wakes, PrintStream out) {
        this.home = home;
        this.hubCp = hubCp;
        this.pings = pings;
        this.wakeAt = wakeAt;
        this.wakes = wakes;
        this.out = out;
    }

    public static PingBench fromSystemProperties(List<String> args, PrintStream out) {
        CliArgs a = new CliArgs(args, Set.of("pings", "wake-at", "wakes"));
        String home = System.getProperty("bufferhub.home");
        String hub = System.getProperty("bufferhub.hub.classpath");
        if (home == null || hub == null) {
            throw new CliArgs.UsageException("bench ping needs -Dbufferhub.home and -Dbufferhub.hub.classpath");
        }
        int n = a.intValue("pings", 19_000, 10, 19_500);
        return new PingBench(Path.of(home), hub, n, a.intValue("wake-at", Math.min(10_000, n), 1, n),
                a.intValue("wakes", 200, 1, 2000), out);
    }

    public void run() throws Exception {
        out.println("machine: " + BenchReport.machine());
        Path run = Files.createTempDirectory("bufferhub-ping-bench-");
        String token = "ping-bench-token-" + System.nanoTime();
        double hubHeapPer;
        double hubRssPer;
        long hubHeld;
        List<Long> wakeMs = new ArrayList<>();
        try (BenchDatabase db = BenchDatabase.create(BenchOptions.POSTGRESQL, run);
             HubProcess hub = HubProcess.start(hubCp, home, run.resolve("hub"), token, db,
                     List.of("-Dbufferhub.auth.pbkdf2Iterations=1000", "-Dbufferhub.db.poolSize=8"))) {
            HubClient admin = new HubClient(hub.url(), hub.pins());
            register(admin, token);
            long heap0 = ProcessMemory.heapAfterGcKb(hub.pid());
            long rss0 = ProcessMemory.rssKb(hub.pid());
            try (PingFleet fleet = new PingFleet(hub.url(), hub.pins())) {
                fleet.hold(0, wakeAt, i -> "PING-" + i, "pingpw", out);
                awaitRecorded(db, wakeAt);
                out.printf("%,d pings held; waking %d devices one by one%n", wakeAt, wakes);
                for (int k = 0; k < wakes; k++) {
                    int i = k * (wakeAt / wakes);
                    CompletableFuture<Long> answered = fleet.answerOf(i);
                    long t0 = System.nanoTime();
                    admin.admin(token, "POST", "/admin/updates", "{\"target\":{\"serial\":\"PING-" + i + "\"},"
                            + "\"kind\":\"command\",\"version\":\"1\",\"payload\":\""
                            + Base64.getEncoder().encodeToString("{\"command\":\"flush\"}".getBytes()) + "\"}");
                    wakeMs.add(TimeUnit.NANOSECONDS.toMillis(answered.get(10, TimeUnit.SECONDS) - t0));
                }
                fleet.hold(wakeAt, pings, i -> "PING-" + i, "pingpw", out);
                awaitRecorded(db, pings);
                Thread.sleep(2000);
                long held = fleet.open();
                hubHeld = held;
                long heap1 = ProcessMemory.heapAfterGcKb(hub.pid());
                long rss1 = ProcessMemory.rssKb(hub.pid());
                hubHeapPer = (heap1 - heap0) * 1024.0 / held;
                hubRssPer = (rss1 - rss0) * 1024.0 / held;
                out.printf(Locale.ROOT, "hub: %,d pings held open; heap %,d → %,d KiB, RSS %,d → %,d KiB%n", held,
                        heap0, heap1, rss0, rss1);
            }
        }
        Bare bare = bare(run);
        long[] sorted = wakeMs.stream().mapToLong(Long::longValue).sorted().toArray();
        out.printf(Locale.ROOT, "%n| measure | hub | bare Vert.x | ratio |%n|---|---:|---:|---:|%n"
                        + "| connections held | %,d | %,d | |%n| heap per held ping | %,.0f B | %,.0f B | %.2f |%n"
                        + "| RSS per held ping | %,.0f B | %,.0f B | %.2f |%n"
                        + "| publish → wake p50 (%,d held) | %d ms | | |%n| publish → wake p99 | %d ms | | |%n",
                hubHeld, bare.held, hubHeapPer, bare.heapPer, hubHeapPer / bare.heapPer, hubRssPer, bare.rssPer,
                hubRssPer / bare.rssPer, wakeAt, LatencyRecorder.percentile(sorted, 50), LatencyRecorder.percentile(sorted, 99));
    }

    private record Bare(long held, double heapPer, double rssPer) {
    }

    private Bare bare(Path run) throws Exception {
        Path portFile = run.resolve("bare.port");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), BareHoldServer.class.getName(), portFile.toString())
                .redirectErrorStream(true).redirectOutput(run.resolve("bare.log").toFile()).start();
        try {
            while (!Files.exists(portFile) || Files.readString(portFile).isBlank()) {
                Thread.sleep(100);
            }
            Thread.sleep(1000);
            long heap0 = ProcessMemory.heapAfterGcKb(p.pid());
            long rss0 = ProcessMemory.rssKb(p.pid());
            try (PingFleet fleet = new PingFleet("https://127.0.0.1:" + Files.readString(portFile).trim(), Set.of())) {
                fleet.hold(0, pings, i -> "PING-" + i, "pingpw", out);
                Thread.sleep(3000);
                long held = fleet.open();
                long heap1 = ProcessMemory.heapAfterGcKb(p.pid());
                long rss1 = ProcessMemory.rssKb(p.pid());
                out.printf(Locale.ROOT, "bare Vert.x: %,d connections held; heap %,d → %,d KiB, RSS %,d → %,d KiB%n",
                        held, heap0, heap1, rss0, rss1);
                return new Bare(held, (heap1 - heap0) * 1024.0 / held, (rss1 - rss0) * 1024.0 / held);
            }
        } finally {
            p.destroyForcibly();
        }
    }

    private void register(HubClient admin, String token) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        Map<Integer, Boolean> done = new ConcurrentHashMap<>();
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int i = 0; i < pings; i++) {
            int n = i;
            all.add(CompletableFuture.runAsync(() -> {
                try {
                    admin.putDevice(token, "PING-" + n, "ping bench", "pingpw", "bench");
                    if (done.size() % 2000 == 0) {
                        out.printf("registered %,d devices%n", done.size());
                    }
                    done.put(n, true);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, pool));
        }
        CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).get(20, TimeUnit.MINUTES);
        pool.shutdown();
    }

    /** Waits until the hub has recorded {@code n} pings (each is recorded, then held). */
    private void awaitRecorded(BenchDatabase db, int n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        long seen = 0;
        while (seen < n && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
                 ResultSet rs = c.createStatement().executeQuery(
                         "SELECT COUNT(*) FROM device WHERE heartbeat_last IS NOT NULL")) {
                rs.next();
                seen = rs.getLong(1);
            }
            out.printf("hub has taken %,d of %,d pings%n", seen, n);
        }
    }
}
