package io.bufferhub.device.spool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The small durable state file {@code spool.state} (Java properties text), replaced atomically:
 * <ul>
 * <li>{@code nextSeq}: the high-water mark. Written at every seal, after the batch file, so a batch that
 * is later acknowledged and deleted can never lend its seq to other bytes. Recovery takes the maximum of
 * this and (highest seq on disk + 1), which covers a crash between the two writes.</li>
 * <li>{@code pendingLost}: bytes dropped since the previous sealed batch (goes into the next one's
 * {@code lostBytes}); {@code totalLost}: all bytes ever dropped.</li>
 * <li>{@code dropping}: the seq of a batch being dropped for room; recovery finishes its deletion, so the
 * loss is never counted for a batch that is still sent.</li>
 * </ul>
 */
final class SpoolState {

    long nextSeq = 1;
    long pendingLost;
    long totalLost;
    long dropping;

    static SpoolState read(Path file) throws IOException {
        SpoolState s = new SpoolState();
        if (Files.exists(file)) {
            Properties p = new Properties();
            try (var in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
                p.load(in);
            }
            s.nextSeq = Long.parseLong(p.getProperty("nextSeq", "1"));
            s.pendingLost = Long.parseLong(p.getProperty("pendingLost", "0"));
            s.totalLost = Long.parseLong(p.getProperty("totalLost", "0"));
            s.dropping = Long.parseLong(p.getProperty("dropping", "0"));
        }
        return s;
    }

    void write(Path file) throws IOException {
        String text = "# bufferhub device spool state; do not edit while the agent runs\n"
                + "nextSeq=" + nextSeq + "\npendingLost=" + pendingLost + "\ntotalLost=" + totalLost
                + "\ndropping=" + dropping + "\n";
        DurableFiles.writeAtomically(file, text.getBytes(StandardCharsets.ISO_8859_1));
    }
}
