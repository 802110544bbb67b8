package io.bufferhub.sim.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import io.bufferhub.sim.CliArgs;
import io.bufferhub.sim.smdr.AvayaSmdrGenerator;

/**
 * {@code bench ingest}: how many SMDR rows per second the hub stores, end to end over HTTPS, and how close
 * that comes to what the database takes from a plain JDBC loop. For each database: start it, start the hub
 * on it as a child JVM, let the simulated fleet push for the measured time, stop the hub, then run the JDBC
 * loop on the same database for the same time. A run's directory is deleted afterwards unless it failed.
 */
public final class IngestBench {

    /** Distinct bodies cycled through by the devices: enough that neighbours do not send the same bytes. */
    private static final int BODIES = 64;
    private static final int LOG_LINES_SHOWN = 20;

    private final BenchOptions options;
    private final Path home;
    private final String hubClasspath;
    private final PrintStream out;

    public IngestBench(BenchOptions options, Path home, String hubClasspath, PrintStream out) {
        this.options = options;
        this.home = home;
        this.hubClasspath = hubClasspath;
        this.out = out;
    }

    /** Reads the hub's home and classpath from {@code bufferhub.home} and {@code bufferhub.hub.classpath}. */
    public static IngestBench fromSystemProperties(BenchOptions options, PrintStream out) {
        String home = System.getProperty("bufferhub.home");
        String cp = System.getProperty("bufferhub.hub.classpath");
        if (home == null || home.isBlank() || cp == null || cp.isBlank()) {
            throw new CliArgs.UsageException("bench ingest needs -Dbufferhub.home=<repository root> and"
                    + " -Dbufferhub.hub.classpath=<hub classpath, e.g. hub/target/classes:hub/target/lib/*>");
        }
        return new IngestBench(options, Path.of(home).toAbsolutePath().normalize(), cp, out);
    }

    Path home() {
        return home;
    }

    String hubClasspath() {
        return hubClasspath;
    }

    public String run() throws Exception {
        out.println("machine: " + BenchReport.machine());
        out.println("parameters: " + options.describe());
        List<byte[]> bodies = bodies(options.lines());
        out.printf(Locale.ROOT, "prepared %d bodies of %d lines (%,d bytes each on average)%n", bodies.size(),
                options.lines(), bodies.stream().mapToLong(b -> b.length).sum() / bodies.size());
        BenchReport report = new BenchReport();
        for (String db : options.databases()) {
            report.add(runOn(db, bodies));
        }
        String markdown = report.markdown(options);
        out.println();
        out.println(markdown);
        return markdown;
    }

    private BenchReport.Row runOn(String kind, List<byte[]> bodies) throws Exception {
        Path runDir = Files.createTempDirectory("bufferhub-bench-" + kind + "-");
        out.println();
        out.println("== " + kind + " (run directory " + runDir + ")");
        boolean ok = false;
        try (BenchDatabase db = BenchDatabase.create(kind, runDir)) {
            out.println("[" + kind + "] database " + db.url());
            String token = adminToken();
            HubLoadRun.Result hub;
            HubProcess process = HubProcess.start(hubClasspath, home, runDir.resolve("hub"), token, db);
            try {
                out.println("[" + kind + "] hub ready at " + process.url() + " (log " + process.log() + ")");
                hub = HubLoadRun.run(kind + " hub", process, token, options, bodies, out);
            } finally {
                process.close();
            }
            printHub(kind, hub);
            List<String> logProblems = process.logProblems(LOG_LINES_SHOWN);
            out.println("[" + kind + "] hub log: " + (logProblems.isEmpty() ? "no WARN/ERROR lines"
                    : (logProblems.size() < LOG_LINES_SHOWN ? logProblems.size() + " WARN/ERROR lines:"
                    : "WARN/ERROR lines, the first " + LOG_LINES_SHOWN + ":") + "\n  " + String.join("\n  ", logProblems)));
            Measurement.Throughput limit = JdbcLimitRun.run(kind + " jdbc", db, options, bodies, out);
            out.printf(Locale.ROOT, "[%s] JDBC limit: %,.0f rows/s, %,.1f batches/s, %d errors; hub/limit %.0f %%%n",
                    kind, limit.rowsPerSecond(), limit.batchesPerSecond(), limit.errors(),
                    100 * hub.throughput().rowsPerSecond() / limit.rowsPerSecond());
            ok = true;
            return new BenchReport.Row(kind, hub, limit);
        } finally {
            if (ok) {
                deleteTree(runDir);
            } else {
                out.println("[" + kind + "] failed; kept " + runDir + " for inspection");
            }
        }
    }

    private void printHub(String kind, HubLoadRun.Result hub) {
        Measurement.Throughput t = hub.throughput();
        out.printf(Locale.ROOT, "[%s] hub: %,.0f rows/s, %,.1f batches/s, p50 %.1f ms, p99 %.1f ms (%d samples),"
                + " %d errors; CPU hub %.0f %%, client %.0f %% (of one core)%n", kind, t.rowsPerSecond(),
                t.batchesPerSecond(), hub.p50Ms(), hub.p99Ms(), hub.samples(), t.errors(), hub.hubCpuPercent(),
                hub.clientCpuPercent());
        out.println("[" + kind + "] " + hub.exactlyOnce());
        if (hub.lastError() != null) {
            out.println("[" + kind + "] last error: " + hub.lastError());
        }
    }

    /** The batches the simulated devices cycle through; the same for every benchmark that pushes load. */
    static List<byte[]> bodies(int lines) {
        List<byte[]> bodies = new ArrayList<>(BODIES);
        LocalDateTime start = LocalDateTime.of(2026, 3, 2, 8, 0);
        for (int i = 0; i < BODIES; i++) {
            bodies.add(new AvayaSmdrGenerator(i, start).batch(lines));
        }
        return bodies;
    }

    static String adminToken() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
