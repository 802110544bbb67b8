package io.bufferhub.device.spool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds a {@link SpoolStore}'s in-memory view from its directory, finishing or undoing whatever a crash
 * (or an in-process I/O failure) interrupted. Every step is idempotent, so a crash during recovery is
 * handled by the next recovery:
 * <ol>
 * <li>{@code *.tmp} files are half-written replacements: deleted (their targets are intact).</li>
 * <li>Sealed batches are read (header only). One with a {@code quarantine/*.reason} file was being
 * quarantined: its move is finished. One whose seq is the state's {@code dropping} was being dropped for
 * room (its loss is already counted): its deletion is finished. An unreadable one is quarantined.</li>
 * <li>{@code nextSeq} = max(state, highest seq in {@code sealed/} or {@code quarantine/} + 1). When a
 * batch on disk is at or above the state's {@code nextSeq}, its seal did not reach the state write, and
 * that batch already carries the state's {@code pendingLost}: it is reset to 0.</li>
 * <li>Per channel only the newest journal generation counts; older ones were superseded by a finished
 * seal and are deleted. A torn tail is cut off ({@link Journal#recover}). If a sealed batch names the
 * newest generation, the seal stopped before writing the next journal: the batch's bytes (a prefix of
 * the journal) are cut off into a new generation now.</li>
 * </ol>
 */
final class SpoolRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(SpoolRecovery.class);

    private SpoolRecovery() {
    }

    static void recover(SpoolStore store) throws IOException {
        for (Path d : List.of(store.dir, store.openDir, store.sealedDir, store.quarantineDir)) {
            for (Path f : list(d, DurableFiles.TMP)) {
                Files.deleteIfExists(f);
            }
        }
        SpoolState state = SpoolState.read(store.stateFile);
        long maxSeq = 0;
        for (Path f : list(store.quarantineDir, SealedBatch.SUFFIX)) {
            maxSeq = Math.max(maxSeq, seqOf(f));
        }
        for (Path f : list(store.sealedDir, SealedBatch.SUFFIX)) {
            maxSeq = Math.max(maxSeq, seqOf(f));
            Path reason = store.quarantineDir.resolve(f.getFileName() + ".reason");
            if (state.dropping > 0 && seqOf(f) == state.dropping) {
                DurableFiles.deleteDurably(f);
            } else if (Files.exists(reason)) {
                DurableFiles.moveDurably(f, store.quarantineDir.resolve(f.getFileName()));
            } else {
                try {
                    SealedBatch b = SealedBatch.read(f);
                    store.sealed.put(b.seq(), b);
                } catch (IOException e) {
                    LOG.error("Spool {}: unreadable batch {}, quarantining it", store.dir, f, e);
                    String text = "at=" + Instant.now() + "\nreason=unreadable at recovery: " + e.getMessage() + "\n";
                    DurableFiles.writeAtomically(reason, text.getBytes(StandardCharsets.UTF_8));
                    DurableFiles.moveDurably(f, store.quarantineDir.resolve(f.getFileName()));
                }
            }
        }
        if (maxSeq >= state.nextSeq) {
            state.nextSeq = maxSeq + 1;
            state.pendingLost = 0;
            state.write(store.stateFile);
        }
        store.state = state;
        recoverJournals(store);
    }

    private static void recoverJournals(SpoolStore store) throws IOException {
        Map<String, TreeMap<Long, Path>> byChannel = new TreeMap<>();
        for (Path f : list(store.openDir, Journal.SUFFIX)) {
            String name = f.getFileName().toString();
            String stem = name.substring(0, name.length() - Journal.SUFFIX.length());
            int dot = stem.lastIndexOf('.');
            try {
                long gen = Long.parseLong(stem.substring(dot + 1));
                byChannel.computeIfAbsent(stem.substring(0, dot), c -> new TreeMap<>()).put(gen, f);
            } catch (RuntimeException e) {
                LOG.warn("Spool {}: ignoring unexpected file {}", store.dir, f);
            }
        }
        for (Map.Entry<String, TreeMap<Long, Path>> e : byChannel.entrySet()) {
            String channel = e.getKey();
            TreeMap<Long, Path> gens = e.getValue();
            long gen = gens.lastKey();
            for (Path older : gens.headMap(gen).values()) {
                DurableFiles.deleteDurably(older);
            }
            OpenBatch batch = new OpenBatch();
            Journal journal = Journal.recover(gens.get(gen), gen, batch);
            SealedBatch unfinished = null;
            for (SealedBatch b : store.sealed.values()) {
                if (b.channel().equals(channel) && b.gen() == gen) {
                    unfinished = b;
                }
            }
            if (unfinished != null) {
                int cut = Math.min(unfinished.length(), batch.size());
                LOG.info("Spool {}: finishing the seal of seq={} (channel {})", store.dir, unfinished.seq(), channel);
                Journal next = Journal.create(store.openDir, channel, unfinished.seq(), batch, cut);
                journal.close();
                DurableFiles.deleteDurably(journal.path());
                journal = next;
                batch = batch.tail(cut);
            }
            store.lanes.put(channel, new SpoolStore.Lane(channel, journal, batch));
        }
    }

    private static long seqOf(Path f) {
        String name = f.getFileName().toString();
        try {
            return Long.parseLong(name.substring(0, name.indexOf('.')));
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private static List<Path> list(Path dir, String suffix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> out = new ArrayList<>();
            s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().forEach(out::add);
            return out;
        }
    }
}
