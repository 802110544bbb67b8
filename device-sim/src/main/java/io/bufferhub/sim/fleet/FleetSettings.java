package io.bufferhub.sim.fleet;

import java.time.LocalDateTime;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntFunction;

import io.bufferhub.sim.smdr.AvayaSmdrGenerator;

/**
 * What a {@link SimulatedFleet} does. Built with {@link #builder(String, String)}; every knob has a default
 * that makes a quiet, well-behaved fleet, and the fault rates turn it into a misbehaving one.
 *
 * @param hubUrl           the hub root ({@code https://host:port}), as {@link io.bufferhub.sim.push.HubClient} takes it
 * @param pins             certificate fingerprints accepted for HTTPS
 * @param adminToken       operator token used to register the devices (PROTOCOL.md §9)
 * @param serialPrefix     device serials are {@code <prefix>-0001}, {@code <prefix>-0002}, …
 * @param group            the group the devices are registered in
 * @param devices          how many devices
 * @param lines            SMDR lines per batch (used by the default batch source)
 * @param intervalMs       a device starts a new batch this long after the previous one started; 0 = back-to-back
 * @param duplicateRate    chance, after each acknowledged batch, of re-sending an acknowledged one
 * @param cutRate          chance, per new batch, of a cut connection before it is pushed properly
 * @param backoffInitialMs first wait after a failed push, doubling per failure in a row (PROTOCOL.md §2)
 * @param backoffCapMs     longest exponential wait (a Retry-After from the hub is honoured even when longer)
 * @param threads          threads pushing; 0 = one per device up to 256
 * @param seed             makes the SMDR data and the fault decisions repeatable
 * @param sources          batch source of device {@code i} (0-based); null = an {@link AvayaSmdrGenerator} each
 * @param listener         told of every push answer
 */
public record FleetSettings(String hubUrl, Set<String> pins, String adminToken, String serialPrefix, String group,
                            int devices, int lines, long intervalMs, double duplicateRate, double cutRate,
                            long backoffInitialMs, long backoffCapMs, int threads, long seed,
                            IntFunction<BatchSource> sources, PushListener listener) {

    public FleetSettings {
        Objects.requireNonNull(hubUrl, "hubUrl");
        Objects.requireNonNull(adminToken, "adminToken");
        pins = Set.copyOf(pins);
        requireAtLeast("devices", devices, 1);
        requireAtLeast("lines", lines, 1);
        requireAtLeast("intervalMs", intervalMs, 0);
        requireAtLeast("backoffInitialMs", backoffInitialMs, 1);
        requireAtLeast("backoffCapMs", backoffCapMs, backoffInitialMs);
        requireAtLeast("threads", threads, 0);
        requireRate("duplicateRate", duplicateRate);
        requireRate("cutRate", cutRate);
        if (listener == null) {
            listener = PushListener.NONE;
        }
    }

    public static Builder builder(String hubUrl, String adminToken) {
        return new Builder(hubUrl, adminToken);
    }

    /** The serial of device {@code index} (0-based). */
    public String serial(int index) {
        return String.format("%s-%04d", serialPrefix, index + 1);
    }

    public int threadCount() {
        return threads > 0 ? threads : Math.min(devices, 256);
    }

    /** The batch source of device {@code index}: the configured one, else its own seeded SMDR generator. */
    public BatchSource source(int index) {
        if (sources != null) {
            return sources.apply(index);
        }
        AvayaSmdrGenerator g = new AvayaSmdrGenerator(seed * 1_000_003L + index, LocalDateTime.now().withNano(0));
        return () -> g.batch(lines);
    }

    private static void requireAtLeast(String name, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ", got " + value);
        }
    }

    private static void requireRate(String name, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1, got " + p);
        }
    }

    /** Collects settings; {@link #build()} checks them. */
    public static final class Builder {
        private final String hubUrl;
        private final String adminToken;
        private Set<String> pins = Set.of();
        private String serialPrefix = "SIM";
        private String group = "sim";
        private int devices = 10;
        private int lines = 50;
        private long intervalMs = 1000;
        private double duplicateRate;
        private double cutRate;
        private long backoffInitialMs = 1000;
        private long backoffCapMs = 300_000;
        private int threads;
        private long seed = 1;
        private IntFunction<BatchSource> sources;
        private PushListener listener = PushListener.NONE;

        private Builder(String hubUrl, String adminToken) {
            this.hubUrl = hubUrl;
            this.adminToken = adminToken;
        }

        public Builder pins(Set<String> v) { pins = v; return this; }
        public Builder serialPrefix(String v) { serialPrefix = v; return this; }
        public Builder group(String v) { group = v; return this; }
        public Builder devices(int v) { devices = v; return this; }
        public Builder lines(int v) { lines = v; return this; }
        public Builder intervalMs(long v) { intervalMs = v; return this; }
        public Builder duplicateRate(double v) { duplicateRate = v; return this; }
        public Builder cutRate(double v) { cutRate = v; return this; }
        public Builder backoff(long initialMs, long capMs) { backoffInitialMs = initialMs; backoffCapMs = capMs; return this; }
        public Builder threads(int v) { threads = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder sources(IntFunction<BatchSource> v) { sources = v; return this; }
        public Builder listener(PushListener v) { listener = v; return this; }

        public FleetSettings build() {
            return new FleetSettings(hubUrl, pins, adminToken, serialPrefix, group, devices, lines, intervalMs,
                    duplicateRate, cutRate, backoffInitialMs, backoffCapMs, threads, seed, sources, listener);
        }
    }
}
