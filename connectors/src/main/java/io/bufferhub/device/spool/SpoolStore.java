package io.bufferhub.device.spool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The on-disk model of a spool and the durable steps that change it, including making room under the
 * full policy. Not thread-safe: the {@link Spool} decides when and holds the lock. Layout of the spool directory:
 * <pre>
 * spool.lock                         held while a process has the spool open
 * spool.state                        {@link SpoolState}: seq high-water mark, lost-byte counters
 * open/&lt;channel&gt;.&lt;gen&gt;.journal       {@link Journal}: one channel's open batch
 * sealed/&lt;seq&gt;.&lt;channel&gt;.batch        {@link SealedBatch}: header line + captured bytes
 * quarantine/&lt;seq&gt;.&lt;channel&gt;.batch    refused batches, kept, with a
 * quarantine/&lt;seq&gt;.&lt;channel&gt;.batch.reason
 * </pre>
 * Capacity is counted in payload bytes of open and sealed batches ({@link #usedBytes}); headers, journal
 * record overhead and quarantined batches take disk space beyond it.
 * Each step is ordered so that a crash between any two of its writes is finished or undone by
 * {@link SpoolRecovery}.
 */
final class SpoolStore {

    private static final Logger LOG = LoggerFactory.getLogger(SpoolStore.class);

    /** One channel's open batch and the journal behind it. */
    static final class Lane {
        final String channel;
        Journal journal;
        OpenBatch batch;

        Lane(String channel, Journal journal, OpenBatch batch) {
            this.channel = channel;
            this.journal = journal;
            this.batch = batch;
        }
    }

    final Path dir;
    final Path openDir;
    final Path sealedDir;
    final Path quarantineDir;
    final Path stateFile;
    final Map<String, Lane> lanes = new TreeMap<>();
    final TreeMap<Long, SealedBatch> sealed = new TreeMap<>();
    SpoolState state = new SpoolState();
    private long droppedChunks;

    SpoolStore(Path dir) {
        this.dir = dir;
        this.openDir = dir.resolve("open");
        this.sealedDir = dir.resolve("sealed");
        this.quarantineDir = dir.resolve("quarantine");
        this.stateFile = dir.resolve("spool.state");
    }

    /** Drops the in-memory view and rebuilds it from disk (after a crash or an I/O failure). */
    void load() throws IOException {
        closeJournals(false);
        lanes.clear();
        sealed.clear();
        SpoolRecovery.recover(this);
    }

    /** Starts a channel with an empty journal. */
    Lane addLane(String channel) throws IOException {
        // gen = highest seq assigned so far: no sealed batch of this channel can name it (gen < own seq)
        OpenBatch empty = new OpenBatch();
        Lane lane = new Lane(channel, Journal.create(openDir, channel, state.nextSeq - 1, empty, 0), empty);
        lanes.put(channel, lane);
        return lane;
    }

    /**
     * Seals the first {@code cut} bytes of the lane's open batch as the next seq. Order: batch file
     * (durable) → state with the new high-water mark → new journal holding the rest → old journal deleted.
     */
    SealedBatch seal(Lane lane, int cut) throws IOException {
        OpenBatch b = lane.batch;
        long seq = state.nextSeq;
        SealedBatch batch = SealedBatch.write(sealedDir, seq, lane.channel, b.firstCapturedAt(),
                b.capturedAtOf(cut - 1), state.pendingLost, lane.journal.gen(), b.bytes(0, cut));
        sealed.put(seq, batch);
        state.nextSeq = seq + 1;
        state.pendingLost = 0;
        state.write(stateFile);
        Journal old = lane.journal;
        lane.journal = Journal.create(openDir, lane.channel, seq, b, cut);
        lane.batch = b.tail(cut);
        old.close();
        DurableFiles.deleteDurably(old.path());
        return batch;
    }

    /**
     * Makes room for {@code len} more bytes per the full policy. STOP_READING throws
     * {@link SpoolFullException}; DROP_OLDEST drops the oldest batches not {@code held}, or returns
     * {@code false} (drop the new chunk, counted as lost) when even dropping all of them would not do.
     */
    boolean makeRoom(int len, SpoolSettings settings, Set<Long> held) throws IOException {
        long cap = settings.capacityBytes();
        long used = usedBytes();
        if (used + len <= cap) {
            return true;
        }
        if (settings.fullPolicy() == SpoolSettings.FullPolicy.STOP_READING) {
            throw new SpoolFullException(len, used, cap);
        }
        long droppable = 0;
        for (SealedBatch b : sealed.values()) {
            droppable += held.contains(b.seq()) ? 0 : b.length();
        }
        if (used - droppable + len > cap) {
            // dropping old batches would not help: keep them, lose the new chunk instead
            if (droppedChunks++ == 0) {
                LOG.warn("Spool {}: full even without sealed batches; dropping new chunks (counted as lost)", dir);
            }
            countLost(len);
            return false;
        }
        for (SealedBatch b : new ArrayList<>(sealed.values())) {
            if (used + len <= cap) {
                break;
            }
            if (!held.contains(b.seq())) {
                drop(b);
                used -= b.length();
                LOG.warn("Spool {}: full, dropped oldest batch seq={} channel={} ({} bytes, reported as lost)",
                        dir, b.seq(), b.channel(), b.length());
            }
        }
        return true;
    }

    /** Logs the end of a run of dropped chunks (called after a chunk was stored). */
    void roomAgain() {
        if (droppedChunks > 0) {
            LOG.warn("Spool {}: room again after dropping {} new chunks", dir, droppedChunks);
            droppedChunks = 0;
        }
    }

    /** Counts bytes that could not be kept into the next sealed batch's lostBytes (durably). */
    void countLost(long bytes) throws IOException {
        state.pendingLost += bytes;
        state.totalLost += bytes;
        state.write(stateFile);
    }

    /** Deletes a sealed batch for room; the loss is recorded first with the seq, so recovery can finish. */
    void drop(SealedBatch b) throws IOException {
        state.dropping = b.seq();
        // the dropped batch's own report of earlier losses must travel on too, or the hub never hears of them
        state.pendingLost += b.lostBytes();
        countLost(b.length());
        DurableFiles.deleteDurably(b.file());
        sealed.remove(b.seq());
    }

    /** Deletes an acknowledged batch; the high-water mark in the state keeps its seq from coming back. */
    void delete(SealedBatch b) throws IOException {
        DurableFiles.deleteDurably(b.file());
        sealed.remove(b.seq());
    }

    /** Writes the reason file, then moves the batch into {@code quarantine/}. */
    void quarantine(SealedBatch b, String reason) throws IOException {
        String name = b.file().getFileName().toString();
        String text = "seq=" + b.seq() + "\nchannel=" + b.channel() + "\nat=" + Instant.now() + "\nreason="
                + String.valueOf(reason).replace('\n', ' ') + "\n";
        DurableFiles.writeAtomically(quarantineDir.resolve(name + ".reason"), text.getBytes(StandardCharsets.UTF_8));
        DurableFiles.moveDurably(b.file(), quarantineDir.resolve(name));
        sealed.remove(b.seq());
    }

    long usedBytes() {
        long used = 0;
        for (Lane lane : lanes.values()) {
            used += lane.batch.size();
        }
        for (SealedBatch b : sealed.values()) {
            used += b.length();
        }
        return used;
    }

    /** Forces every journal with unforced appends. */
    void forceAll() throws IOException {
        for (Lane lane : lanes.values()) {
            lane.journal.force();
        }
    }

    void closeJournals(boolean force) throws IOException {
        IOException first = null;
        for (Lane lane : lanes.values()) {
            try {
                if (force) {
                    lane.journal.force();
                }
                lane.journal.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
