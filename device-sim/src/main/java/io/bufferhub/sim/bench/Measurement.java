package io.bufferhub.sim.bench;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Runs a load for a warm-up, then measures it for a fixed time with a progress line each second. Shared by
 * the hub run and the JDBC limit run so that both are measured the same way.
 */
final class Measurement {

    /** What a running load has done so far; read once a second. */
    interface Load {
        long rows();

        long batches();

        long errors();

        /** Called with true when the measured window starts and false when it ends. */
        default void measuring(boolean on) {
        }
    }

    /** Totals of the measured window. */
    record Throughput(long rows, long batches, long errors, double seconds) {
        double rowsPerSecond() {
            return rows / seconds;
        }

        double batchesPerSecond() {
            return batches / seconds;
        }
    }

    private Measurement() {
    }

    static Throughput run(String label, Load load, int warmupSeconds, int seconds, PrintStream out)
            throws InterruptedException {
        if (warmupSeconds > 0) {
            out.printf(Locale.ROOT, "[%s] warming up for %d s%n", label, warmupSeconds);
            Thread.sleep(warmupSeconds * 1000L);
        }
        long rows0 = load.rows();
        long batches0 = load.batches();
        long errors0 = load.errors();
        long start = System.nanoTime();
        load.measuring(true);
        long previousRows = rows0;
        for (int s = 1; s <= seconds; s++) {
            long wake = start + s * 1_000_000_000L;
            long sleepNanos;
            while ((sleepNanos = wake - System.nanoTime()) > 0) {
                Thread.sleep(sleepNanos / 1_000_000, (int) (sleepNanos % 1_000_000));
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            long rows = load.rows();
            out.printf(Locale.ROOT, "[%s] %3d/%d s  %,9.0f rows/s so far (%,9d this second)  %,7.1f batches/s"
                            + "  errors %d%n", label, s, seconds, (rows - rows0) / elapsed, rows - previousRows,
                    (load.batches() - batches0) / elapsed, load.errors() - errors0);
            previousRows = rows;
        }
        load.measuring(false);
        double elapsed = (System.nanoTime() - start) / 1e9;
        return new Throughput(load.rows() - rows0, load.batches() - batches0, load.errors() - errors0, elapsed);
    }
}
