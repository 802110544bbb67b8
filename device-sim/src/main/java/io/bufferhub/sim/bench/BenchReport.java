package io.bufferhub.sim.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The results of {@code bench ingest} as a Markdown table for {@code docs/BENCHMARKS.md}, with the machine
 * and the parameters, since a number without them means nothing.
 */
final class BenchReport {

    /** One database's numbers: the hub's, and the plain JDBC loop's on the same database. */
    record Row(String database, HubLoadRun.Result hub, Measurement.Throughput limit) {
        double ratio() {
            return hub.throughput().rowsPerSecond() / limit.rowsPerSecond();
        }
    }

    private final List<Row> rows = new ArrayList<>();

    void add(Row row) {
        rows.add(row);
    }

    /** Cores, memory, CPU model, JVM and OS on one line. */
    static String machine() {
        Runtime rt = Runtime.getRuntime();
        String memory = "";
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            memory = String.format(Locale.ROOT, ", %.1f GiB RAM", os.getTotalMemorySize() / (1024.0 * 1024 * 1024));
        }
        return rt.availableProcessors() + " cores" + cpuModel() + memory + ", " + System.getProperty("java.vm.name")
                + " " + System.getProperty("java.runtime.version") + ", " + System.getProperty("os.name") + " "
                + System.getProperty("os.version") + " " + System.getProperty("os.arch");
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return " (" + line.substring(line.indexOf(':') + 1).trim() + ")";
                }
            }
        } catch (IOException | RuntimeException notLinux) {
            // the model is a nicety
        }
        return "";
    }

    String markdown(BenchOptions o) {
        StringBuilder sb = new StringBuilder();
        sb.append("Machine: ").append(machine()).append("  \n");
        sb.append(String.format(Locale.ROOT, "Parameters: %d devices pushing %d-line batches back-to-back over"
                + " HTTPS, %d s measured after %d s warm-up; JDBC limit with %d writer threads (same database,"
                + " same transaction per batch, batched INSERT). CPU in %% of one core during the measured"
                + " window; the hub and this client share the machine.%n%n", o.devices(), o.lines(), o.seconds(),
                o.warmupSeconds(), o.writers()));
        sb.append("| database | hub rows/s | hub batches/s | p50 ms | p99 ms | errors | hub CPU | client CPU"
                + " | JDBC limit rows/s | limit batches/s | hub / limit |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            Measurement.Throughput h = r.hub().throughput();
            sb.append(String.format(Locale.ROOT, "| %s | %,.0f | %,.1f | %.1f | %.1f | %d | %.0f %% | %.0f %% | %,.0f"
                            + " | %,.1f | %.0f %% |%n", r.database(), h.rowsPerSecond(), h.batchesPerSecond(),
                    r.hub().p50Ms(), r.hub().p99Ms(), h.errors(), r.hub().hubCpuPercent(),
                    r.hub().clientCpuPercent(), r.limit().rowsPerSecond(), r.limit().batchesPerSecond(),
                    100 * r.ratio()));
        }
        return sb.toString();
    }
}
