package io.bufferhub.device.spool;

import io.bufferhub.device.spool.SpoolSettings.FsyncPolicy;
import io.bufferhub.device.spool.SpoolStore.Lane;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device's durable buffer of captured bytes (PROTOCOL.md §3): chunks are appended to a per-channel
 * journal, cut into sealed batches at line ends, numbered with a device-wide {@code seq} at sealing and
 * kept until acknowledged (deleted) or quarantined (moved aside, never deleted). {@link SpoolStore}
 * describes the files; {@link SpoolRecovery} how {@link #open} repairs them after a crash. An I/O
 * failure in a running spool triggers the same recovery in-process, so memory never drifts from disk.
 *
 * <p>Durability: with {@link FsyncPolicy#EVERY_WRITE} a chunk is {@code fsync}ed before
 * {@link #append} returns. With {@link FsyncPolicy#INTERVAL} it is handed to the OS at once (a killed
 * process loses nothing) and forced at most {@code fsyncIntervalMs} later, by the next append or a
 * background flusher: a power loss may lose the chunks appended in that last window (plus scheduling
 * delay). Seals, acknowledgements, quarantines and drops are always {@code fsync}ed, so a seq, once
 * assigned, is never reassigned to other bytes. Thread-safe: one lock, held during disk writes.
 */
public final class Spool implements Closeable {

    /** Most capture channels a device may have (PROTOCOL.md §3). */
    public static final int MAX_CHANNELS = 8;
    private static final Logger LOG = LoggerFactory.getLogger(Spool.class);
    private static final Pattern CHANNEL = Pattern.compile("[A-Za-z0-9._-]{1,32}");
    private static final long NO_AGE = Long.MIN_VALUE;

    private final SpoolStore store;
    private final SpoolSettings settings;
    private final DirectoryLock lock;
    private final Set<Long> held = new HashSet<>();
    private final ScheduledExecutorService ownFlusher;
    private final ScheduledFuture<?> flushTask;
    private long appends;
    private long sealedCount;
    private long acknowledged;
    private long quarantinedCount;
    private long lastForce;
    private boolean broken;
    private boolean closed;

    private Spool(Path dir, SpoolSettings settings, ScheduledExecutorService flusher) throws IOException {
        this.settings = settings;
        this.store = new SpoolStore(dir);
        for (Path d : List.of(dir, store.openDir, store.sealedDir, store.quarantineDir)) {
            Files.createDirectories(d);
        }
        lock = DirectoryLock.acquire(dir.resolve("spool.lock"));
        try {
            synchronized (this) {
                load();
            }
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
        if (settings.fsync() == FsyncPolicy.INTERVAL) {
            ownFlusher = flusher != null ? null : Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "spool-flusher");
                t.setDaemon(true);
                return t;
            });
            long ms = settings.fsyncIntervalMs();
            flushTask = (flusher != null ? flusher : ownFlusher)
                    .scheduleWithFixedDelay(this::flushQuietly, ms, ms, TimeUnit.MILLISECONDS);
        } else {
            ownFlusher = null;
            flushTask = null;
        }
    }

    /** Opens (creating or recovering) the spool in {@code dir}; the directory is locked while open. */
    public static Spool open(Path dir, SpoolSettings settings) throws IOException {
        return open(dir, settings, null);
    }

    /** As {@link #open(Path, SpoolSettings)}, running the INTERVAL flusher on the given executor. */
    public static Spool open(Path dir, SpoolSettings settings, ScheduledExecutorService flusher) throws IOException {
        return new Spool(dir.toAbsolutePath(), Objects.requireNonNull(settings, "settings"), flusher);
    }

    /** Rebuilds from disk, then seals what reached a size limit (best effort: a full disk must not block open). */
    private void load() throws IOException {
        store.load();
        try {
            for (Lane lane : store.lanes.values()) {
                sealWhileDue(lane, NO_AGE);
            }
        } catch (IOException e) {
            LOG.error("Spool {}: sealing after recovery failed; will retry", store.dir, e);
            store.load();
        }
        lastForce = System.currentTimeMillis();
        broken = false;
    }

    /**
     * Appends a captured chunk to {@code channel}'s open batch; once this returns {@code true} the chunk is
     * on disk (forced per the fsync policy). Seals the batch when a limit is reached, judging
     * {@code maxAgeMs} by {@code capturedAtMillis}. Returns {@code false} when the chunk was dropped
     * (policy DROP_OLDEST and no room even without sealed batches): it is counted into lostBytes.
     *
     * @throws SpoolFullException with policy STOP_READING when the chunk does not fit; nothing written
     * @throws IllegalArgumentException for a malformed channel name or a 9th channel
     */
    public synchronized boolean append(String channel, byte[] chunk, long capturedAtMillis) throws IOException {
        ensureUsable();
        Objects.requireNonNull(chunk, "chunk");
        boolean everyWrite = settings.fsync() == FsyncPolicy.EVERY_WRITE;
        Lane lane = store.lanes.get(channel);
        if (lane == null) {
            checkNewChannel(channel);
        }
        if (chunk.length == 0) {
            return true;
        }
        try {
            if (!store.makeRoom(chunk.length, settings, held)) {
                return false;
            }
            if (lane == null) {
                lane = store.addLane(channel);
            }
            lane.journal.append(chunk, capturedAtMillis, everyWrite);
            lane.batch.add(chunk, 0, chunk.length, capturedAtMillis);
        } catch (IOException e) {
            recoverAfter(e);
            throw e;
        }
        if (!everyWrite && System.currentTimeMillis() - lastForce >= settings.fsyncIntervalMs()) {
            flushQuietly(); // the chunk is written; failing now would make the caller append it twice
        }
        appends++;
        store.roomAgain();
        try {
            sealWhileDue(lane, capturedAtMillis);
        } catch (IOException e) {
            // the chunk itself is durable: report success so it is not appended twice; the timer re-seals
            LOG.error("Spool {}: sealing channel {} failed; will retry", store.dir, channel, e);
            recoverAfter(e);
        }
        return true;
    }

    /** Seals every open batch whose limits are reached, {@code maxAgeMs} judged against {@code now}. */
    public synchronized void sealDue(long now) throws IOException {
        ensureUsable();
        try {
            for (Lane lane : store.lanes.values()) {
                sealWhileDue(lane, now);
            }
        } catch (IOException e) {
            recoverAfter(e);
            throw e;
        }
    }

    /** Sealed, unacknowledged batches in seq order (metadata only; bodies load on demand). */
    public synchronized List<SealedBatch> pending() {
        return new ArrayList<>(store.sealed.values());
    }

    /** The lowest-seq pending batch, or {@code null}. */
    public synchronized SealedBatch oldest() {
        return store.sealed.isEmpty() ? null : store.sealed.firstEntry().getValue();
    }

    /** As {@link #oldest()}, waiting up to {@code timeoutMs} for a seal when nothing is pending. */
    public synchronized SealedBatch awaitOldest(long timeoutMs) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMs;
        for (long left = timeoutMs; store.sealed.isEmpty() && !closed && left > 0; left = end - System.currentTimeMillis()) {
            wait(left);
        }
        return closed ? null : oldest();
    }

    /** Wakes threads in {@link #awaitOldest} (e.g. a consumer that is stopping). */
    public synchronized void wakeUp() {
        notifyAll();
    }

    /**
     * Marks a batch as being delivered so DROP_OLDEST does not delete it under the sender (it would be
     * reported lost although the hub may store it). Undo with {@link #release}.
     */
    public synchronized void hold(long seq) {
        held.add(seq);
    }

    public synchronized void release(long seq) {
        held.remove(seq);
    }

    /** Deletes a delivered batch durably. Returns {@code false} if it is not pending (already gone). */
    public synchronized boolean acknowledge(long seq) throws IOException {
        return settle(seq, null);
    }

    /**
     * Moves a batch the hub refused for good into {@code quarantine/} with a {@code .reason} file; the
     * spool never deletes it. Returns {@code false} if it is not pending.
     */
    public synchronized boolean quarantine(long seq, String reason) throws IOException {
        return settle(seq, reason == null ? "unspecified" : reason);
    }

    private boolean settle(long seq, String quarantineReason) throws IOException {
        ensureUsable();
        SealedBatch b = store.sealed.get(seq);
        if (b == null) {
            return false;
        }
        try {
            if (quarantineReason == null) {
                store.delete(b);
                acknowledged++;
            } else {
                store.quarantine(b, quarantineReason);
                quarantinedCount++;
                LOG.warn("Spool {}: quarantined batch seq={} channel={}: {}", store.dir, seq, b.channel(),
                        quarantineReason);
            }
        } catch (IOException e) {
            recoverAfter(e);
            throw e;
        }
        return true;
    }

    /** Forces every journal with unforced appends (the INTERVAL flusher calls this). */
    public synchronized void flush() throws IOException {
        store.forceAll();
        lastForce = System.currentTimeMillis();
    }

    /** Payload bytes in open and pending sealed batches; quarantined batches are not counted. */
    public synchronized long usedBytes() {
        return store.usedBytes();
    }

    /** Percent of the capacity in use, 0 … 100, for {@code X-Buffer-Used}. */
    public synchronized double usedPercent() {
        return Math.min(100.0, store.usedBytes() * 100.0 / settings.capacityBytes());
    }

    public synchronized SpoolStats stats() {
        return new SpoolStats(store.usedBytes(), settings.capacityBytes(), store.sealed.size(), store.state.nextSeq,
                store.state.totalLost, appends, sealedCount, acknowledged, quarantinedCount);
    }

    /** The channels this spool has seen (each keeps an open batch, possibly empty). */
    public synchronized List<String> channels() {
        return new ArrayList<>(store.lanes.keySet());
    }

    /** The bytes of a channel's open (not yet sealed) batch; for tests and diagnostics. */
    synchronized byte[] openBytes(String channel) {
        Lane lane = store.lanes.get(channel);
        return lane == null ? new byte[0] : lane.batch.bytes(0, lane.batch.size());
    }

    public SpoolSettings settings() {
        return settings;
    }

    public Path dir() {
        return store.dir;
    }

    /** Forces and closes the journals and releases the directory lock. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (flushTask != null) {
            flushTask.cancel(false);
        }
        if (ownFlusher != null) {
            ownFlusher.shutdown();
        }
        try {
            store.closeJournals(true);
        } finally {
            lock.close();
            notifyAll();
        }
    }

    private void ensureUsable() throws IOException {
        if (closed) {
            throw new IllegalStateException("spool " + store.dir + " is closed");
        }
        if (broken) {
            load();
        }
    }

    private void flushQuietly() {
        try {
            synchronized (this) {
                if (!closed && !broken) {
                    flush();
                }
            }
        } catch (IOException e) {
            LOG.error("Spool {}: fsync of the journals failed; will retry", store.dir, e);
        }
    }

    private void checkNewChannel(String channel) {
        if (channel == null || !CHANNEL.matcher(channel).matches()) {
            throw new IllegalArgumentException("channel name must be 1-32 characters of A-Z a-z 0-9 . _ -, got '"
                    + channel + "'");
        }
        if (store.lanes.size() >= MAX_CHANNELS) {
            throw new IllegalArgumentException("a device has at most " + MAX_CHANNELS + " channels "
                    + store.lanes.keySet() + "; refusing a new channel '" + channel + "'");
        }
    }

    /**
     * Seals {@code lane}'s open batch while a limit is reached ({@link OpenBatch#sizeCut},
     * {@link OpenBatch#ageCut}). A partial line left by an age seal gets a fresh {@code maxAgeMs}.
     */
    private void sealWhileDue(Lane lane, long now) throws IOException {
        while (!lane.batch.isEmpty()) {
            int cut = lane.batch.sizeCut(settings.maxLines(), settings.maxBytes());
            boolean byAge = cut == 0 && now != NO_AGE;
            if (byAge) {
                cut = lane.batch.ageCut(settings.maxAgeMs(), now);
            }
            if (cut == 0) {
                return;
            }
            store.seal(lane, cut);
            sealedCount++;
            notifyAll();
            if (byAge) {
                lane.batch.restartAge(now);
            }
        }
    }

    /** After an I/O failure, rebuilds the in-memory view from disk exactly as {@link #open} would. */
    private void recoverAfter(IOException e) {
        if (e instanceof SpoolFullException) {
            return;
        }
        LOG.error("Spool {}: I/O failure ({}); reloading from disk", store.dir, e.toString());
        try {
            load();
        } catch (IOException | RuntimeException again) {
            e.addSuppressed(again);
            broken = true;
        }
    }
}
