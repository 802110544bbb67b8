package io.bufferhub.sim.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.bufferhub.sim.CliArgs;

/**
 * {@code bench nodes}: rows/s stored by one hub node and by several hub nodes sharing one PostgreSQL, the same
 * fleet dealt out to the nodes, each run on a fresh database of the same server; then the plain JDBC loop on
 * that server for the limit. Everything shares the machine, so on a small one the figure says whether the
 * nodes get in each other's way in the database (locks, conflicts), not how much capacity a second machine adds.
 */
public final class NodesBench {

    public static final String USAGE = """
              bench nodes [--nodes K] [--devices N] [--seconds T] [--lines L] [--writers W] [--warmup S]
                          [--integrations off|default]
                  Ingest rows/s on PostgreSQL with 1 hub node, then with K hub nodes (separate JVMs, one shared
                  database; the N devices dealt out to the nodes), then a plain JDBC loop with W writers on the
                  same server. --integrations default keeps config/hub.properties' integrations (cdr table,
                  daily files, alert rules) on; off measures ingest alone, as bench ingest does.
                  Defaults: --nodes 2 --devices 32 --seconds 20 --lines 200 --writers 4 --warmup 10
                  --integrations off.
                  Needs -Dbufferhub.home=<repo root> and -Dbufferhub.hub.classpath=<hub classpath>.""";

    private static final Set<String> NAMES = Set.of("nodes", "devices", "seconds", "warmup", "lines", "writers",
            "integrations");
    /** The integrations config/hub.properties switches on by default. */
    private static final List<String> DEFAULT_INTEGRATIONS = List.of("cdrTable", "files", "alerts");

    private static final long DRAIN_TIMEOUT_SECONDS = 900;

    private final BenchOptions options;
    private final int nodes;
    private final boolean integrations;
    private final Path home;
    private final String hubClasspath;
    private final PrintStream out;

    NodesBench(BenchOptions options, int nodes, boolean integrations, Path home, String hubClasspath,
               PrintStream out) {
        this.options = options;
        this.nodes = nodes;
        this.integrations = integrations;
        this.home = home;
        this.hubClasspath = hubClasspath;
        this.out = out;
    }

    public static NodesBench fromSystemProperties(List<String> args, PrintStream out) {
        CliArgs a = new CliArgs(args, NAMES);
        int nodes = a.intValue("nodes", 2, 2, 8);
        int devices = a.intValue("devices", 32, nodes, 10_000);
        BenchOptions options = new BenchOptions(List.of(BenchOptions.POSTGRESQL), devices,
                a.intValue("seconds", 20, 1, 86_400), a.intValue("warmup", 10, 0, 600),
                a.intValue("lines", 200, 1, 100_000), a.intValue("writers", 4, 1, 256));
        boolean integrations = a.choice("integrations", "off", Set.of("off", "default")).equals("default");
        IngestBench ingest = IngestBench.fromSystemProperties(options, out); // checks the same two properties
        return new NodesBench(options, nodes, integrations, ingest.home(), ingest.hubClasspath(), out);
    }

    public void run() throws Exception {
        out.println("machine: " + BenchReport.machine());
        out.println("parameters: " + options.describe() + "; 1 node, then " + nodes + " nodes; integrations "
                + (integrations ? "as configured (" + String.join(", ", DEFAULT_INTEGRATIONS) + ")" : "off"));
        List<byte[]> bodies = IngestBench.bodies(options.lines());
        Path runDir = Files.createTempDirectory("bufferhub-bench-nodes-");
        boolean ok = false;
        try (BenchDatabase server = BenchDatabase.create(BenchOptions.POSTGRESQL, runDir)) {
            String token = IngestBench.adminToken();
            Run one = runWith(1, server.fresh("nodes_1"), runDir, token, bodies);
            Run many = runWith(nodes, server.fresh("nodes_" + nodes), runDir, token, bodies);
            Measurement.Throughput limit = JdbcLimitRun.run("jdbc", server.fresh("jdbc_limit"), options, bodies, out);
            out.println();
            out.println(table(one, many, limit));
            ok = one.load().exactlyOnce().ok() && many.load().exactlyOnce().ok();
        } finally {
            if (ok) {
                IngestBench.deleteTree(runDir);
            } else {
                out.println("failed or not exactly once; kept " + runDir + " for inspection");
            }
        }
    }

    /**
     * One run: the load, and with integrations on the outbox drain after it, which gives the rate at which
     * rows were stored <em>and</em> delivered to every sink (all rows of the load over load time plus drain).
     */
    private record Run(HubLoadRun.Result load, SinkDrain.Result drain) {
        double deliveredRowsPerSecond() {
            return drain == null || !drain.drained() ? Double.NaN
                    : load.loadRows() / (load.loadSeconds() + drain.seconds());
        }
    }

    private Run runWith(int count, BenchDatabase db, Path runDir, String token, List<byte[]> bodies)
            throws Exception {
        String label = count + (count == 1 ? " node" : " nodes");
        out.println();
        out.println("== " + label + " on " + db.url());
        List<HubProcess> hubs = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) { // one after the other: the first migrates the schema
                HubProcess hub = HubProcess.start(hubClasspath, home, runDir.resolve("hub-" + count + "-" + i),
                        token, db, hubOptions());
                hubs.add(hub);
                out.println("[" + label + "] node " + i + " ready at " + hub.url() + " (log " + hub.log() + ")");
            }
            HubLoadRun.Result r = HubLoadRun.run(label, hubs, token, options, bodies, out);
            Measurement.Throughput t = r.throughput();
            out.printf(Locale.ROOT, "[%s] %,.0f rows/s, %,.1f batches/s, p50 %.1f ms, p99 %.1f ms, %d errors;"
                            + " CPU hubs %.0f %%, client %.0f %% (of one core)%n", label, t.rowsPerSecond(),
                    t.batchesPerSecond(), r.p50Ms(), r.p99Ms(), t.errors(), r.hubCpuPercent(), r.clientCpuPercent());
            out.println("[" + label + "] " + r.exactlyOnce());
            SinkDrain.Result drain = null;
            if (integrations) {
                drain = SinkDrain.await(label, new io.bufferhub.sim.push.HubClient(hubs.get(0).url(),
                        hubs.get(0).pins()), token, r.loadEndNanos(), DRAIN_TIMEOUT_SECONDS, out);
                out.printf(Locale.ROOT, "[%s] outbox drained %.1f s after the load; %,d rows in %.1f s of load%n",
                        label, drain.seconds(), r.loadRows(), r.loadSeconds());
            }
            return new Run(r, drain);
        } finally {
            for (HubProcess hub : hubs) {
                hub.close();
            }
        }
    }

    private List<String> hubOptions() {
        List<String> o = new ArrayList<>(List.of("-Dbufferhub.http.host=127.0.0.1"));
        if (!integrations) {
            DEFAULT_INTEGRATIONS.forEach(i -> o.add("-Dintegrations." + i + ".enabled=false"));
        }
        return o;
    }

    private String table(Run one, Run many, Measurement.Throughput limit) {
        double base = one.load().throughput().rowsPerSecond();
        StringBuilder md = new StringBuilder();
        md.append("| hub nodes on one PostgreSQL | stored rows/s | batches/s | p50 / p99 ms | hub CPU (% of one core) |"
                + " vs 1 node | vs JDBC limit |" + (integrations ? " stored + delivered rows/s (drain s) |" : "")
                + "\n|---|---|---|---|---|---|---|" + (integrations ? "---|" : "") + "\n");
        for (Run run : List.of(one, many)) {
            HubLoadRun.Result r = run.load();
            Measurement.Throughput t = r.throughput();
            md.append(String.format(Locale.ROOT, "| %s | %,.0f | %,.1f | %.0f / %.0f | %.0f | %.2f | %.2f |",
                    run == one ? "1" : String.valueOf(nodes), t.rowsPerSecond(), t.batchesPerSecond(), r.p50Ms(),
                    r.p99Ms(), r.hubCpuPercent(), t.rowsPerSecond() / base,
                    t.rowsPerSecond() / limit.rowsPerSecond()));
            if (integrations) {
                md.append(String.format(Locale.ROOT, " %,.0f (%.1f) |", run.deliveredRowsPerSecond(),
                        run.drain().seconds()));
            }
            md.append('\n');
        }
        md.append(String.format(Locale.ROOT, "| JDBC limit, %d writers | %,.0f | %,.1f | | | | 1.00 |%s%n",
                options.writers(), limit.rowsPerSecond(), limit.batchesPerSecond(), integrations ? " |" : ""));
        md.append("\nexactly once: 1 node ").append(one.load().exactlyOnce().ok() ? "OK" : "VIOLATED").append(", ")
                .append(nodes).append(" nodes ").append(many.load().exactlyOnce().ok() ? "OK" : "VIOLATED");
        return md.toString();
    }
}
