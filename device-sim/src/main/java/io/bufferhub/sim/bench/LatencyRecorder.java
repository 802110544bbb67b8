package io.bufferhub.sim.bench;

import java.util.Arrays;

/**
 * Push latencies of the measured window only (the warm-up is not recorded). A growable array and a sort at
 * the end: a benchmark run holds at most a few hundred thousand samples.
 */
public final class LatencyRecorder {

    private long[] nanos = new long[4096];
    private int size;
    private volatile boolean recording;

    public void recording(boolean on) {
        recording = on;
    }

    public void record(long latencyNanos) {
        if (!recording) {
            return;
        }
        synchronized (this) {
            if (size == nanos.length) {
                nanos = Arrays.copyOf(nanos, size * 2);
            }
            nanos[size++] = latencyNanos;
        }
    }

    public synchronized int count() {
        return size;
    }

    /** The nearest-rank percentile in milliseconds, {@code p} in (0, 100]; NaN without samples. */
    public synchronized double percentileMs(double p) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(nanos, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * size);
        return sorted[Math.min(size, Math.max(1, rank)) - 1] / 1e6;
    }

    /** The {@code p}-th percentile (nearest rank) of already sorted values; -1 when there are none. */
    static long percentile(long[] sorted, int p) {
        return sorted.length == 0 ? -1 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
