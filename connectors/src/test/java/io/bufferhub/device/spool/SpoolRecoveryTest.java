package io.bufferhub.device.spool;

import static io.bufferhub.device.spool.SpoolTest.b;
import static io.bufferhub.device.spool.SpoolTest.text;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recovery from the states a crash can leave, built by hand: a torn journal tail, a seal stopped
 * between its writes, half-written temp files, an unfinished quarantine or drop, a corrupt batch file.
 * The spool must keep every whole record, finish or undo each step, and never reuse a seq.
 */
class SpoolRecoveryTest {

    @TempDir
    Path dir;

    private Path journal(String channel) throws IOException {
        try (var s = Files.list(dir.resolve("open"))) {
            return s.filter(p -> p.getFileName().toString().startsWith(channel + ".")).findFirst().orElseThrow();
        }
    }

    @Test
    void aTornJournalTailIsCutOffAndTheWholeRecordsKept() throws IOException {
        try (Spool spool = Spool.open(dir, SpoolSettings.defaults())) {
            spool.append("main", b("a\n"), 1);
            spool.append("main", b("b"), 2);
        }
        Path j = journal("main");
        long whole = Files.size(j);
        byte[] half = Journal.record(b("lost"), 0, 4, 3);
        Files.write(j, java.util.Arrays.copyOf(half, 10), StandardOpenOption.APPEND);
        try (Spool spool = Spool.open(dir, SpoolSettings.defaults())) {
            assertArrayEquals(b("a\nb"), spool.openBytes("main"));
            assertEquals(whole, Files.size(j), "torn tail truncated");
            spool.append("main", b("c\n"), 4);
        }
        byte[] bad = Journal.record(b("zz"), 0, 2, 5);
        bad[bad.length - 1] ^= 0x55;
        Files.write(j, bad, StandardOpenOption.APPEND);
        Files.write(j, b("garbage!garbage!garbage!"), StandardOpenOption.APPEND);
        try (Spool spool = Spool.open(dir, SpoolSettings.defaults())) {
            assertArrayEquals(b("a\nbc\n"), spool.openBytes("main"), "a record with a wrong CRC is not replayed");
        }
    }

    /** Crash after the batch file was renamed into place, before state and journal were updated. */
    @Test
    void aSealInterruptedAfterItsBatchFileIsFinishedWithoutRenumbering() throws IOException {
        try (Spool spool = Spool.open(dir, SpoolSettings.defaults())) {
            spool.append("main", b("a\nb\n"), 1);
            spool.append("main", b("c\nd"), 2);
        }
        Path oldJournal = journal("main");
        byte[] before = Files.readAllBytes(oldJournal);
        assertFalse(Files.exists(dir.resolve("spool.state")), "no seal yet, so no high-water mark yet");
        try (Spool spool = Spool.open(dir, SpoolSettings.defaults().maxLines(3))) {
            assertEquals("a\nb\nc\n", text(spool.oldest()));
        }
        // put the disk back to "batch 1 written, nothing after": old journal back, new one gone, old state
        Files.delete(journal("main"));
        Files.write(oldJournal, before);
        Files.delete(dir.resolve("spool.state"));
        Files.write(dir.resolve("spool.state.tmp"), b("half"));
        try (Spool spool = Spool.open(dir, SpoolSettings.defaults().maxLines(3))) {
            assertEquals(List.of(1L), spool.pending().stream().map(SealedBatch::seq).toList());
            assertEquals("a\nb\nc\n", text(spool.oldest()));
            assertArrayEquals(b("d"), spool.openBytes("main"), "the sealed part is not replayed twice");
            assertEquals(2, spool.stats().nextSeq());
            assertFalse(Files.exists(oldJournal));
            assertFalse(Files.exists(dir.resolve("spool.state.tmp")));
        }
    }

    @Test
    void unfinishedQuarantineAndDropAreCompletedAndCorruptBatchesQuarantined() throws IOException {
        try (Spool spool = Spool.open(dir, SpoolSettings.defaults().maxLines(1))) {
            spool.append("main", b("1\n2\n3\n4\n"), 1);
        }
        Path sealed = dir.resolve("sealed");
        Path quarantine = dir.resolve("quarantine");
        Files.writeString(quarantine.resolve("1.main.batch.reason"), "reason=422\n");
        Files.writeString(dir.resolve("spool.state"), Files.readString(dir.resolve("spool.state"))
                .replace("dropping=0", "dropping=2"));
        Files.write(sealed.resolve("3.main.batch"), b("BHSB1 seq=3 torn"));
        try (Spool spool = Spool.open(dir, SpoolSettings.defaults().maxLines(1))) {
            assertEquals(List.of(4L), spool.pending().stream().map(SealedBatch::seq).toList());
            assertTrue(Files.exists(quarantine.resolve("1.main.batch")));
            assertTrue(Files.exists(quarantine.resolve("3.main.batch")));
            assertTrue(Files.readString(quarantine.resolve("3.main.batch.reason")).contains("unreadable"));
            assertFalse(Files.exists(sealed.resolve("2.main.batch")));
            spool.acknowledge(4);
            spool.append("main", b("5\n"), 2);
            assertEquals(5, spool.oldest().seq());
        }
    }

    @Test
    void aCorruptBodyIsReportedWhenRead() throws IOException {
        try (Spool spool = Spool.open(dir, SpoolSettings.defaults().maxLines(1))) {
            spool.append("main", b("hello\n"), 1);
            Path f = dir.resolve("sealed").resolve("1.main.batch");
            byte[] all = Files.readAllBytes(f);
            all[all.length - 2] = 'X';
            Files.write(f, all);
            IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> spool.oldest().body());
            assertTrue(e.getMessage().contains("CRC"), e.getMessage());
            assertEquals("hellX\n", new String(all, all.length - 6, 6, US_ASCII));
        }
    }
}
