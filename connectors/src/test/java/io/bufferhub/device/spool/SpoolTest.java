package io.bufferhub.device.spool;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sealing rules, seq numbering and its persistence, acknowledge and quarantine. The sealing cases pin
 * the rule that batches end at line ends unless a size or age limit forces a cut, because the hub counts
 * a trailing partial line as a record of its own.
 */
class SpoolTest {

    @TempDir
    Path dir;

    static byte[] b(String s) {
        return s.getBytes(US_ASCII);
    }

    static String text(SealedBatch batch) throws IOException {
        return new String(batch.body(), US_ASCII);
    }

    private Spool open(SpoolSettings s) throws IOException {
        return Spool.open(dir, s);
    }

    @Test
    void sealsAfterMaxLinesAndKeepsThePartialLineOpen() throws IOException {
        try (Spool spool = open(SpoolSettings.defaults().maxLines(3))) {
            assertTrue(spool.append("main", b("a\nb"), 1000));
            assertTrue(spool.pending().isEmpty());
            spool.append("main", b("x\nc\nd\ne"), 2000);
            List<SealedBatch> pending = spool.pending();
            assertEquals(1, pending.size());
            SealedBatch first = pending.get(0);
            assertEquals(1, first.seq());
            assertEquals("main", first.channel());
            assertEquals("a\nbx\nc\n", text(first));
            assertEquals(1000, first.capturedFrom());
            assertEquals(2000, first.capturedTo());
            assertEquals(0, first.lostBytes());
            assertEquals("d\ne", new String(spool.openBytes("main"), US_ASCII));
        }
    }

    @Test
    void oneChunkWithManyLinesMakesSeveralBatches() throws IOException {
        try (Spool spool = open(SpoolSettings.defaults().maxLines(2))) {
            spool.append("main", b("1\n2\n3\n4\n5\n6\n7"), 5);
            assertEquals(List.of("1\n2\n", "3\n4\n", "5\n6\n"), spool.pending().stream().map(SpoolTest::unchecked).toList());
            assertEquals(List.of(1L, 2L, 3L), spool.pending().stream().map(SealedBatch::seq).toList());
            assertEquals("7", new String(spool.openBytes("main"), US_ASCII));
        }
    }

    @Test
    void maxBytesCutsAtTheLastLineEndOrForcesACutInALongLine() throws IOException {
        try (Spool spool = open(SpoolSettings.defaults().maxBytes(10))) {
            spool.append("main", b("abc\ndefghijkl"), 1);
            spool.append("main", b("mnopqrstuvwxyz"), 2);
            List<String> bodies = spool.pending().stream().map(SpoolTest::unchecked).toList();
            assertEquals(List.of("abc\n", "defghijklm", "nopqrstuvw"), bodies);
            assertEquals("xyz", new String(spool.openBytes("main"), US_ASCII));
        }
    }

    @Test
    void maxAgeSealsAtLineEndAndGivesThePartialLineAFreshPeriod() throws IOException {
        try (Spool spool = open(SpoolSettings.defaults().maxAgeMs(1000))) {
            spool.append("main", b("r1\nr2\npart"), 10_000);
            spool.sealDue(10_999);
            assertTrue(spool.pending().isEmpty());
            spool.sealDue(11_000);
            assertEquals(List.of("r1\nr2\n"), spool.pending().stream().map(SpoolTest::unchecked).toList());
            spool.sealDue(11_500);
            assertEquals(1, spool.pending().size(), "the partial line waits a full period for its line end");
            spool.sealDue(12_000);
            assertEquals("part", unchecked(spool.pending().get(1)), "no line end within maxAge: forced");
        }
    }

    @Test
    void seqIsPerDeviceAcrossChannelsAndSurvivesAcknowledgeAndReopen() throws IOException {
        SpoolSettings s = SpoolSettings.defaults().maxLines(1);
        try (Spool spool = open(s)) {
            spool.append("main", b("m1\n"), 1);
            spool.append("aux", b("a1\n"), 2);
            spool.append("main", b("m2\n"), 3);
            assertEquals(List.of("main", "aux", "main"), spool.pending().stream().map(SealedBatch::channel).toList());
            for (SealedBatch batch : spool.pending()) {
                assertTrue(spool.acknowledge(batch.seq()));
            }
            assertFalse(spool.acknowledge(2), "already gone");
            assertEquals(3, spool.stats().acknowledged());
        }
        assertEquals(0, Files.list(dir.resolve("sealed")).count());
        try (Spool spool = open(s)) {
            assertTrue(spool.pending().isEmpty());
            spool.append("aux", b("a2\n"), 4);
            assertEquals(4, spool.oldest().seq(), "an acknowledged batch's seq is never reused");
            assertEquals("a2\n", text(spool.oldest()));
        }
    }

    @Test
    void openBatchesAndSealedBatchesSurviveReopen() throws IOException {
        try (Spool spool = open(SpoolSettings.defaults().maxLines(2))) {
            spool.append("main", b("1\n2\n3"), 7);
            spool.append("aux", b("x"), 8);
        }
        try (Spool spool = open(SpoolSettings.defaults().maxLines(2))) {
            assertEquals("1\n2\n", text(spool.oldest()));
            assertEquals(7, spool.oldest().capturedFrom());
            assertEquals("3", new String(spool.openBytes("main"), US_ASCII));
            assertEquals("x", new String(spool.openBytes("aux"), US_ASCII));
            spool.append("main", b("\n4\n"), 9);
            assertEquals("3\n4\n", text(spool.pending().get(1)));
            assertEquals(7, spool.pending().get(1).capturedFrom(), "capture times survive the journal");
        }
    }

    @Test
    void quarantineMovesTheBatchAsideWithAReasonAndNeverDeletesIt() throws IOException {
        try (Spool spool = open(SpoolSettings.defaults().maxLines(1))) {
            spool.append("main", b("bad\ngood\n"), 1);
            assertTrue(spool.quarantine(1, "hub answered 422"));
            assertEquals(List.of(2L), spool.pending().stream().map(SealedBatch::seq).toList());
            assertEquals(1, spool.stats().quarantined());
        }
        Path q = dir.resolve("quarantine");
        assertTrue(Files.readString(q.resolve("1.main.batch.reason")).contains("reason=hub answered 422"));
        assertTrue(Files.readString(q.resolve("1.main.batch")).endsWith("\nbad\n"));
        try (Spool spool = open(SpoolSettings.defaults().maxLines(1))) {
            assertEquals(List.of(2L), spool.pending().stream().map(SealedBatch::seq).toList());
            spool.acknowledge(2);
            spool.append("main", b("next\n"), 2);
            assertEquals(3, spool.oldest().seq());
        }
    }

    @Test
    void atMostEightChannelsAndOnlyWireSafeNames() throws IOException {
        try (Spool spool = open(SpoolSettings.defaults())) {
            for (int i = 1; i <= 8; i++) {
                spool.append("ch" + i, b("x"), 1);
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> spool.append("ch9", b("x"), 1));
            assertTrue(e.getMessage().contains("at most 8 channels"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> spool.append("a/b", b("x"), 1));
            assertThrows(IllegalArgumentException.class, () -> spool.append("", b("x"), 1));
            spool.append("ch8", b("y"), 1);
        }
    }

    @Test
    void aSecondOpenOfTheSameDirectoryIsRefused() throws IOException {
        try (Spool spool = open(SpoolSettings.defaults())) {
            assertThrows(IllegalStateException.class, () -> open(SpoolSettings.defaults()));
        }
    }

    @Test
    void intervalFsyncAppendsAndFlushes() throws Exception {
        SpoolSettings s = SpoolSettings.defaults().fsync(SpoolSettings.FsyncPolicy.INTERVAL).fsyncIntervalMs(20);
        try (Spool spool = open(s)) {
            spool.append("main", b("abc"), 1);
            Thread.sleep(60);
            spool.append("main", b("\n"), 2);
        }
        try (Spool spool = open(s)) {
            assertArrayEquals(b("abc\n"), spool.openBytes("main"));
        }
    }

    static String unchecked(SealedBatch batch) {
        try {
            return text(batch);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
