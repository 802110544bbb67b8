package io.bufferhub.sim.cluster;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;

import io.bufferhub.common.ContentDigest;
import io.bufferhub.device.push.HubConnection;
import io.bufferhub.device.push.HubPusher;
import io.bufferhub.device.push.OutgoingBatch;
import io.bufferhub.device.push.PushResult;
import io.bufferhub.device.push.PushSettings;
import io.bufferhub.sim.smdr.AvayaSmdrGenerator;

/**
 * One device of {@code cluster-demo}, on its own thread: seals an SMDR batch every interval and pushes it with the
 * real agent's {@link HubPusher} and {@link HubConnection} — the agent's redirect handling, not a copy of it: a
 * {@code 307} target is used until 5 connection failures in a row, 24 hours or a restart (PROTOCOL.md §6), pinned
 * TLS on every hop (§8), the agent's backoff and answer classification (§2, §3).
 *
 * <p>Why not the simulator's {@code SimulatedDevice}: its client does not follow redirects. Why not whole agents
 * ({@code agents}): the spool, capture and Camel routes add nothing to where requests go, and cost a Camel context
 * per device. Like {@code SimulatedDevice}, a batch is kept until the hub answers {@code 201}/{@code 200}, and the
 * next one is sealed only then.
 *
 * <p>Which node stored a batch is what the device sees: the base that gave the final answer (after a push, the
 * connection's current base is that one). The hub's database does not record the node.
 */
final class DemoDevice implements Runnable {

    private static final int LINES = 10;
    /** Connection failures are instant on loopback; the agent's default cap (5 min) would make the demo slow. */
    private static final long BACKOFF_CAP_MS = 4_000;

    final String serial;
    final String secret;
    private final long intervalMs;
    private final NodeTally tally;
    private final HubPusher pusher;
    private final AvayaSmdrGenerator smdr;
    private final NavigableMap<Long, String> acknowledged = new ConcurrentSkipListMap<>();
    private volatile boolean sealing = true;
    private volatile long giveUpAtMs = Long.MAX_VALUE;
    private volatile long pendingSeq;
    private volatile String pendingDigest;
    private long seq;

    DemoDevice(String serial, String secret, int index, String mainBase, Set<String> pins, long intervalMs,
               NodeTally tally) {
        this.serial = serial;
        this.secret = secret;
        this.intervalMs = intervalMs;
        this.tally = tally;
        this.pusher = new HubPusher(new HubConnection(new PushSettings(serial, secret, name(index), mainBase, pins,
                5_000, 15_000, BACKOFF_CAP_MS, Clock.systemUTC())));
        this.smdr = new AvayaSmdrGenerator(1_000_003L * (index + 1), LocalDateTime.now().withNano(0), 0.0);
    }

    static String name(int index) {
        return String.format("Cluster PBX %04d", index + 1);
    }

    @Override
    public void run() {
        try {
            loop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            pusher.close();
        }
    }

    private void loop() throws InterruptedException {
        byte[] pending = null;
        long sealedAt = 0;
        while (true) {
            if (pending == null) {
                if (!sealing) {
                    return;
                }
                pending = smdr.batch(LINES);
                sealedAt = System.currentTimeMillis();
                seq++;
                pendingDigest = ContentDigest.hex(ContentDigest.sha256(pending));
                pendingSeq = seq;
            } else if (System.currentTimeMillis() >= giveUpAtMs) {
                return; // stopping: this batch stays unresolved (the check allows it stored or not)
            }
            String from = pusher.currentBase();
            PushResult r = pusher.push(new OutgoingBatch(seq, null, pending, null, null, null, null));
            String to = pusher.currentBase(); // after an answer: the base that gave it
            switch (r.kind()) {
                case STORED -> {
                    acknowledged.put(seq, pendingDigest);
                    tally.stored(serial, from, to, !r.duplicate());
                    pending = null;
                    pendingSeq = 0;
                    pendingDigest = null;
                    long wait = sealedAt + intervalMs - System.currentTimeMillis();
                    if (wait > 0 && sealing) {
                        Thread.sleep(wait);
                    }
                }
                case QUARANTINE -> { // never expected here: counted as a problem, the batch is set aside
                    tally.failed(serial, from, "seq " + seq + " quarantined after HTTP " + r.status() + ": "
                            + r.detail());
                    pending = null;
                    pendingSeq = 0;
                    pendingDigest = null;
                }
                case RETRY -> {
                    tally.failed(serial, from, "seq " + seq + ": " + (r.status() == 0 ? r.detail()
                            : "HTTP " + r.status() + " " + r.detail()));
                    Thread.sleep(Math.min(r.retryAfterMs(), Math.max(0, giveUpAtMs - System.currentTimeMillis())));
                }
            }
        }
    }

    /** Seal no more batches; keep trying the pending one until {@code giveUpAtMs}. */
    void finish(long giveUpAtMs) {
        this.giveUpAtMs = giveUpAtMs;
        this.sealing = false;
    }

    /** Where this device's next request goes: its 307 memory, else its main URL. */
    String currentBase() {
        return pusher.currentBase();
    }

    /** Acknowledged batches: seq → lowercase hex SHA-256 of the bytes sent. */
    NavigableMap<Long, String> acknowledged() {
        return Collections.unmodifiableNavigableMap(acknowledged);
    }

    /** The batch still unanswered after {@link #finish}: its seq (0 = none) and digest. */
    long pendingSeq() {
        return pendingSeq;
    }

    String pendingDigest() {
        return pendingDigest;
    }

    /**
     * The devices run in this JVM, but their log lines (one per failed push, one per redirect memory change, no
     * serial in them) belong on the devices; the line every 2 s reports what they did. Errors still show. Through
     * reflection because log4j-core is only on the runtime class path; with another logging backend nothing
     * changes.
     */
    static void quietLogs() {
        try {
            Class<?> level = Class.forName("org.apache.logging.log4j.Level");
            Class.forName("org.apache.logging.log4j.core.config.Configurator")
                    .getMethod("setLevel", String.class, level)
                    .invoke(null, "io.bufferhub.device.push", level.getField("ERROR").get(null));
        } catch (ReflectiveOperationException | LinkageError e) {
            // not log4j: the device lines show
        }
    }
}
