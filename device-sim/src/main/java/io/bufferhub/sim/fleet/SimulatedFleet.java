package io.bufferhub.sim.fleet;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.bufferhub.sim.push.HubClient;

/**
 * A fleet of simulated devices pushing SMDR batches to one hub: the load for demos and benchmarks, and the
 * misbehaving crowd for exactly-once tests ({@link #acknowledged()} is what each device believes the hub
 * holds). Devices are registered through the operator API, then each pushes on its own schedule; a
 * scheduled pool runs one attempt at a time per device, so waiting devices hold no thread.
 */
public final class SimulatedFleet implements AutoCloseable {

    private static final long STOP_WAIT_SECONDS = 90; // longer than HubClient's request timeout

    private final FleetSettings settings;
    private final HubClient client;
    private final FleetCounters counters = new FleetCounters();
    private final List<SimulatedDevice> devices = new ArrayList<>();
    private final ScheduledThreadPoolExecutor pool;
    private volatile boolean stopping;

    public SimulatedFleet(FleetSettings settings) {
        this.settings = settings;
        this.client = new HubClient(settings.hubUrl(), settings.pins());
        AtomicInteger threadNo = new AtomicInteger();
        this.pool = new ScheduledThreadPoolExecutor(settings.threadCount(), r -> {
            Thread t = new Thread(r, "sim-device-" + threadNo.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        SecureRandom secrets = new SecureRandom();
        for (int i = 0; i < settings.devices(); i++) {
            byte[] secret = new byte[18];
            secrets.nextBytes(secret);
            devices.add(new SimulatedDevice(i, Base64.getUrlEncoder().withoutPadding().encodeToString(secret),
                    settings, client, counters));
        }
    }

    /** Registers every device with the hub (in parallel), then starts pushing. */
    public void start() throws IOException, InterruptedException {
        register();
        for (SimulatedDevice d : devices) {
            schedule(d, d.firstDelayMs());
        }
    }

    private void register() throws IOException, InterruptedException {
        List<Future<HubClient.Answer>> answers = new ArrayList<>();
        for (int i = 0; i < devices.size(); i++) {
            SimulatedDevice d = devices.get(i);
            String name = SimulatedDevice.name(i);
            Callable<HubClient.Answer> put = () -> client.putDevice(settings.adminToken(), d.serial, name, d.secret,
                    settings.group());
            answers.add(pool.submit(put));
        }
        for (int i = 0; i < answers.size(); i++) {
            HubClient.Answer a;
            try {
                a = answers.get(i).get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof IOException io ? io
                        : new IOException("registering " + devices.get(i).serial + " failed", e.getCause());
            }
            if (a.status() != 200 && a.status() != 201) {
                throw new IOException("registering " + devices.get(i).serial + ": HTTP " + a.status() + " " + a.body());
            }
        }
    }

    private void schedule(SimulatedDevice d, long delayMs) {
        if (stopping) {
            return;
        }
        try {
            pool.schedule(() -> runStep(d), delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            // stop() came in between: the device simply does not go on
        }
    }

    private void runStep(SimulatedDevice d) {
        if (stopping) {
            return;
        }
        try {
            schedule(d, d.step());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            counters.error(d.serial + ": " + e);
            schedule(d, settings.backoffInitialMs());
        }
    }

    public FleetSettings settings() {
        return settings;
    }

    public FleetCounters.Snapshot counters() {
        return counters.snapshot();
    }

    /** Per serial, the batches the device got 201/200 for: seq → lowercase hex SHA-256 of the bytes sent. */
    public Map<String, NavigableMap<Long, String>> acknowledged() {
        Map<String, NavigableMap<Long, String>> all = new LinkedHashMap<>();
        devices.forEach(d -> all.put(d.serial, d.acknowledged()));
        return all;
    }

    /** {@link FleetVerifier#verify} of this fleet; call after {@link #stop()}. */
    public FleetVerifier.Report verify() throws IOException, InterruptedException {
        return FleetVerifier.verify(client, settings.adminToken(), acknowledged());
    }

    /** Serial → device secret, for tests that push as one of the fleet's devices themselves. */
    public Map<String, String> secrets() {
        Map<String, String> all = new LinkedHashMap<>();
        devices.forEach(d -> all.put(d.serial, d.secret));
        return all;
    }

    /**
     * Stops starting pushes and waits for those in flight to be answered, so that {@link #acknowledged()}
     * is final afterwards. Idempotent.
     */
    public void stop() throws InterruptedException {
        stopping = true;
        pool.shutdown();
        if (!pool.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
            pool.shutdownNow();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
