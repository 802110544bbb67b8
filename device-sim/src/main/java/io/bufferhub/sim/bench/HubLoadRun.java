package io.bufferhub.sim.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.List;

import io.bufferhub.sim.fleet.BatchSource;
import io.bufferhub.sim.fleet.FleetSettings;
import io.bufferhub.sim.fleet.FleetVerifier;
import io.bufferhub.sim.fleet.SimulatedFleet;

/**
 * The hub side of {@code bench ingest}: a {@link SimulatedFleet} without faults, every device pushing
 * back-to-back from bodies made in advance, measured by {@link Measurement}. Latency is that of answered
 * {@code 201}s inside the measured window, from the request's start to the answer's end. The CPU used by
 * the hub and by this client in the window is reported too: on a small machine they compete.
 */
final class HubLoadRun {

    /**
     * What the hub achieved; latencies in milliseconds; CPU of the measured window in percent of one core
     * (negative when unknown) for the hub's JVM and for this client JVM; and the exactly-once check of all
     * the batches pushed (warm-up included). The whole load, warm-up included, is also given as rows
     * acknowledged, its seconds and the {@link System#nanoTime()} at which the last push was answered: what a
     * benchmark of work the hub does after storing (the fan-out) needs to tell whether that work kept up.
     */
    record Result(Measurement.Throughput throughput, double p50Ms, double p99Ms, long samples, String lastError,
                  double hubCpuPercent, double clientCpuPercent, FleetVerifier.Report exactlyOnce, long loadRows,
                  double loadSeconds, long loadEndNanos) {
    }

    /** The fleet's counters as a {@link Measurement.Load}, with latency and CPU taken over the measured window. */
    private static final class FleetLoad implements Measurement.Load {
        private final SimulatedFleet fleet;
        private final HubProcess hub;
        private final LatencyRecorder latency;
        private long startNanos;
        private long hubCpuAtStart;
        private long clientCpuAtStart;
        private double hubCpuPercent = -1;
        private double clientCpuPercent = -1;

        FleetLoad(SimulatedFleet fleet, HubProcess hub, LatencyRecorder latency) {
            this.fleet = fleet;
            this.hub = hub;
            this.latency = latency;
        }

        @Override
        public long rows() {
            return fleet.counters().lines();
        }

        @Override
        public long batches() {
            return fleet.counters().acknowledged();
        }

        @Override
        public long errors() {
            return fleet.counters().errors();
        }

        @Override
        public void measuring(boolean on) {
            latency.recording(on);
            long now = System.nanoTime();
            if (on) {
                startNanos = now;
                hubCpuAtStart = hub.cpuNanos();
                clientCpuAtStart = clientCpuNanos();
            } else {
                hubCpuPercent = percentOfOneCore(hubCpuAtStart, hub.cpuNanos(), now - startNanos);
                clientCpuPercent = percentOfOneCore(clientCpuAtStart, clientCpuNanos(), now - startNanos);
            }
        }

        private static double percentOfOneCore(long cpuBefore, long cpuAfter, long wallNanos) {
            return cpuBefore < 0 || cpuAfter < 0 ? -1 : 100.0 * (cpuAfter - cpuBefore) / wallNanos;
        }

        private static long clientCpuNanos() {
            return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                    ? os.getProcessCpuTime() : -1;
        }
    }

    private HubLoadRun() {
    }

    static Result run(String label, HubProcess hub, String adminToken, BenchOptions options, List<byte[]> bodies,
                      PrintStream out) throws IOException, InterruptedException {
        LatencyRecorder latency = new LatencyRecorder();
        FleetSettings settings = FleetSettings.builder(hub.url(), adminToken)
                .pins(hub.pins())
                .serialPrefix("BENCH")
                .group("bench")
                .devices(options.devices())
                .lines(options.lines())
                .intervalMs(0)
                .backoff(200, 5_000)
                .sources(i -> BatchSource.cycling(bodies, i * 7))
                .listener((serial, seq, status, nanos) -> {
                    if (status == 201) {
                        latency.record(nanos);
                    }
                })
                .build();
        SimulatedFleet fleet = new SimulatedFleet(settings);
        FleetLoad load = new FleetLoad(fleet, hub, latency);
        out.printf("[%s] registering %d devices%n", label, options.devices());
        Measurement.Throughput t;
        long loadStart;
        try {
            fleet.start();
            loadStart = System.nanoTime();
            t = Measurement.run(label, load, options.warmupSeconds(), options.seconds(), out);
        } finally {
            fleet.stop();
        }
        long loadEnd = System.nanoTime();
        return new Result(t, latency.percentileMs(50), latency.percentileMs(99), latency.count(),
                fleet.counters().lastError(), load.hubCpuPercent, load.clientCpuPercent, fleet.verify(),
                fleet.counters().lines(), (loadEnd - loadStart) / 1e9, loadEnd);
    }
}
