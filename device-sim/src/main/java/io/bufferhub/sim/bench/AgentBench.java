package io.bufferhub.sim.bench;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.bufferhub.sim.CliArgs;
import io.bufferhub.sim.agents.AgentProcess;
import io.bufferhub.sim.agents.Ptys;
import io.bufferhub.sim.pbx.PbxEmulator;
import io.bufferhub.sim.pbx.PbxFormat;
import io.bufferhub.sim.pbx.PbxOutput;
import io.bufferhub.sim.push.HubClient;

/**
 * {@code bench agent}: one real agent (child JVM, as deployed) reading a serial pty fed by an emulated PBX,
 * pushing over pinned HTTPS to a hub on PostgreSQL. Measures captured line → row latency with a 1 s batch age,
 * the agent's resident memory, and the line rate one agent sustains against a 115200-baud port's own limit.
 */
public final class AgentBench {

    public static final String USAGE = """
              bench agent [--seconds T]
                one agent on a pty: line → hub row latency p50/p99 (1 s batch age), agent RSS, and the
                sustained line rate against a 115200-baud port's limit (11,520 bytes/s)""";
    private static final int PORT_BYTES_PER_SECOND = 115_200 / 10; // 8N1: 10 bits on the wire per byte

    private final Path home;
    private final String hubClasspath;
    private final String deviceClasspath;
    private final long seconds;
    private final PrintStream out;

    public AgentBench(Path home, String hubClasspath, String deviceClasspath, long seconds, PrintStream out) {
        this.home = home;
        this.hubClasspath = hubClasspath;
        this.deviceClasspath = deviceClasspath;
        this.seconds = seconds;
        this.out = out;
    }

    public static AgentBench fromSystemProperties(List<String> args, PrintStream out) {
        CliArgs a = new CliArgs(args, java.util.Set.of("seconds"));
        String home = System.getProperty("bufferhub.home");
        String hub = System.getProperty("bufferhub.hub.classpath");
        String device = System.getProperty("bufferhub.device.classpath");
        if (home == null || hub == null || device == null) {
            throw new CliArgs.UsageException("bench agent needs -Dbufferhub.home, -Dbufferhub.hub.classpath and"
                    + " -Dbufferhub.device.classpath (bin/bufferhub sets them)");
        }
        return new AgentBench(Path.of(home), hub, device, a.longValue("seconds", 20, 5, 600), out);
    }

    public void run() throws Exception {
        out.println("machine: " + BenchReport.machine());
        Path run = Files.createTempDirectory("bufferhub-agent-bench-");
        String token = "bench-token-" + System.nanoTime();
        try (BenchDatabase db = BenchDatabase.create(BenchOptions.POSTGRESQL, run);
             HubProcess hub = HubProcess.start(hubClasspath, home, run.resolve("hub"), token, db);
             Ptys cable = Ptys.start(run.resolve("tty"))) {
            HubClient admin = new HubClient(hub.url(), hub.pins());
            admin.putDevice(token, "BENCH-1", "bench agent", "bench-secret", "bench");
            Process agent = startAgent(run, hub, cable);
            try (PbxEmulator pbx = new PbxEmulator(PbxFormat.AVAYA, 7, PbxOutput.serial(cable.pbxEnd()))) {
                Thread.sleep(4000); // agent start-up and port open
                Map<String, Long> writtenAt = new HashMap<>();
                long rssMax = 0;
                long end = System.currentTimeMillis() + seconds * 1000;
                out.printf("latency phase: 10 lines/s for %d s, batches sealed after 1 s%n", seconds);
                while (System.currentTimeMillis() < end) {
                    String line = new String(pbx.writeLines(1), StandardCharsets.US_ASCII).trim();
                    writtenAt.put(line, System.currentTimeMillis());
                    rssMax = Math.max(rssMax, ProcessMemory.rssKb(agent.pid()));
                    Thread.sleep(100);
                }
                Thread.sleep(4000);
                long rssSteady = rssMax;
                List<Long> latencies = latencies(db, writtenAt);
                long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
                out.printf(Locale.ROOT, "line → row: %d of %d lines stored, p50 %d ms, p99 %d ms; agent RSS max %,d KiB%n",
                        sorted.length, writtenAt.size(), LatencyRecorder.percentile(sorted, 50), LatencyRecorder.percentile(sorted, 99), rssMax);

                out.println("throughput phase: the PBX prints as fast as the pty takes it for 10 s");
                long before = storedLines(db);
                long t0 = System.nanoTime();
                long bytes = 0;
                int lines = 0;
                while (System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10)) {
                    bytes += pbx.writeLines(50).length;
                    lines += 50;
                    rssMax = Math.max(rssMax, ProcessMemory.rssKb(agent.pid()));
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (storedLines(db) - before < lines && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                double secondsTaken = (System.nanoTime() - t0) / 1e9;
                long stored = storedLines(db) - before;
                double linesPerSecond = stored / secondsTaken;
                double portLines = PORT_BYTES_PER_SECOND / ((double) bytes / lines);
                out.printf(Locale.ROOT, "sustained: %,d lines (%,d bytes) captured and stored in %.1f s = %,.0f lines/s;"
                        + " a 115200-baud port carries at most %,.0f lines/s of these (%,d bytes/s): ratio %.1f%n",
                        stored, bytes, secondsTaken, linesPerSecond, portLines, PORT_BYTES_PER_SECOND,
                        linesPerSecond / portLines);
                out.printf(Locale.ROOT, "%n| measure | value |%n|---|---:|%n| line → hub row p50 (1 s batch age) | %d ms |%n"
                        + "| line → hub row p99 | %d ms |%n| agent RSS at 10 lines/s (max) | %.1f MiB |%n| agent RSS at full speed (max) | %.1f MiB |%n| sustained lines/s (one agent, pty) | %,.0f |%n"
                        + "| 115200-baud port limit, lines/s | %,.0f |%n| ratio agent / port | %.1f |%n",
                        LatencyRecorder.percentile(sorted, 50), LatencyRecorder.percentile(sorted, 99), rssSteady / 1024.0, rssMax / 1024.0, linesPerSecond, portLines, linesPerSecond / portLines);
            } finally {
                agent.destroy();
                agent.waitFor(15, TimeUnit.SECONDS);
            }
        }
    }

    private Process startAgent(Path run, HubProcess hub, Ptys cable) throws Exception {
        Path config = AgentProcess.writeConfig(run, "BENCH-1", "bench-secret", hub.url() + "/bpp/v1",
                String.join(",", hub.pins()), cable.agentEnd(), 200, 1000);
        return AgentProcess.start(deviceClasspath, home, config, run.resolve("agent.log"));
    }

    private static List<Long> latencies(BenchDatabase db, Map<String, Long> writtenAt) throws Exception {
        List<Long> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
             PreparedStatement ps = c.prepareStatement("SELECT r.raw_line, b.received_at FROM batch_record r JOIN batch b"
                     + " ON b.serial = r.serial AND b.seq = r.seq WHERE r.serial = 'BENCH-1'")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Long at = writtenAt.get(rs.getString(1).trim());
                    if (at != null) {
                        out.add(rs.getLong(2) - at);
                    }
                }
            }
        }
        return out;
    }

    private static long storedLines(BenchDatabase db) throws Exception {
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM batch_record WHERE serial = 'BENCH-1'");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
