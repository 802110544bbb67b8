package io.bufferhub.sim.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
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

    /**
     * The fleets' summed counters as a {@link Measurement.Load}, with latency and CPU taken over the measured
     * window (CPU: all hub JVMs together).
     */
    private static final class FleetLoad implements Measurement.Load {
        private final List<SimulatedFleet> fleets;
        private final List<HubProcess> hubs;
        private final LatencyRecorder latency;
        private long startNanos;
        private long hubCpuAtStart;
        private long clientCpuAtStart;
        private double hubCpuPercent = -1;
        private double clientCpuPercent = -1;

        FleetLoad(List<SimulatedFleet> fleets, List<HubProcess> hubs, LatencyRecorder latency) {
            this.fleets = fleets;
            this.hubs = hubs;
            this.latency = latency;
        }

        @Override
        public long rows() {
            return fleets.stream().mapToLong(f -> f.counters().lines()).sum();
        }

        @Override
        public long batches() {
            return fleets.stream().mapToLong(f -> f.counters().acknowledged()).sum();
        }

        @Override
        public long errors() {
            return fleets.stream().mapToLong(f -> f.counters().errors()).sum();
        }

        @Override
        public void measuring(boolean on) {
            latency.recording(on);
            long now = System.nanoTime();
            if (on) {
                startNanos = now;
                hubCpuAtStart = hubCpuNanos();
                clientCpuAtStart = clientCpuNanos();
            } else {
                hubCpuPercent = percentOfOneCore(hubCpuAtStart, hubCpuNanos(), now - startNanos);
                clientCpuPercent = percentOfOneCore(clientCpuAtStart, clientCpuNanos(), now - startNanos);
            }
        }

        private long hubCpuNanos() {
            long sum = 0;
            for (HubProcess hub : hubs) {
                long n = hub.cpuNanos();
                if (n < 0) {
                    return -1;
                }
                sum += n;
            }
            return sum;
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
        return run(label, List.of(hub), adminToken, options, bodies, out);
    }

    /**
     * As above with several hub nodes on one database: the devices are dealt out to the nodes in turn (each
     * node its own fleet, serial prefix {@code BENCH<node>-}), and the totals are summed.
     */
    static Result run(String label, List<HubProcess> hubs, String adminToken, BenchOptions options,
                      List<byte[]> bodies, PrintStream out) throws IOException, InterruptedException {
        LatencyRecorder latency = new LatencyRecorder();
        List<SimulatedFleet> fleets = new ArrayList<>();
        for (int node = 0; node < hubs.size(); node++) {
            int devices = options.devices() / hubs.size() + (node < options.devices() % hubs.size() ? 1 : 0);
            int offset = node;
            fleets.add(new SimulatedFleet(FleetSettings.builder(hubs.get(node).url(), adminToken)
                    .pins(hubs.get(node).pins())
                    .serialPrefix(hubs.size() == 1 ? "BENCH" : "BENCH" + node)
                    .group("bench")
                    .devices(devices)
                    .lines(options.lines())
                    .intervalMs(0)
                    .backoff(200, 5_000)
                    .sources(i -> BatchSource.cycling(bodies, (i * hubs.size() + offset) * 7))
                    .listener((serial, seq, status, nanos) -> {
                        if (status == 201) {
                            latency.record(nanos);
                        }
                    })
                    .build()));
        }
        FleetLoad load = new FleetLoad(fleets, hubs, latency);
        out.printf("[%s] registering %d devices on %d hub node(s)%n", label, options.devices(), hubs.size());
        Measurement.Throughput t;
        long loadStart;
        try {
            for (SimulatedFleet fleet : fleets) {
                fleet.start();
            }
            loadStart = System.nanoTime();
            t = Measurement.run(label, load, options.warmupSeconds(), options.seconds(), out);
        } finally {
            for (SimulatedFleet fleet : fleets) {
                fleet.stop();
            }
        }
        long loadEnd = System.nanoTime();
        String lastError = null;
        int devices = 0;
        long matched = 0;
        List<String> problems = new ArrayList<>();
        for (SimulatedFleet fleet : fleets) {
            FleetVerifier.Report r = fleet.verify();
            devices += r.devices();
            matched += r.matched();
            problems.addAll(r.problems());
            lastError = fleet.counters().lastError() != null ? fleet.counters().lastError() : lastError;
        }
        return new Result(t, latency.percentileMs(50), latency.percentileMs(99), latency.count(), lastError,
                load.hubCpuPercent, load.clientCpuPercent, new FleetVerifier.Report(devices, matched, problems),
                load.rows(), (loadEnd - loadStart) / 1e9, loadEnd);
    }
}
