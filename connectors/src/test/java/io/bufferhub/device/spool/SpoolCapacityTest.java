package io.bufferhub.device.spool;

import static io.bufferhub.device.spool.SpoolTest.b;
import static io.bufferhub.device.spool.SpoolTest.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bufferhub.device.spool.SpoolSettings.FullPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both full policies and the lost-bytes accounting behind {@code X-Lost-Bytes}: every byte the device
 * had to drop must show up exactly once, on the next batch sealed after the drop, even across a restart.
 */
class SpoolCapacityTest {

    @TempDir
    Path dir;

    private static List<Long> seqs(Spool spool) {
        return spool.pending().stream().map(SealedBatch::seq).toList();
    }

    @Test
    void stopReadingRefusesTheChunkAndWritesNothing() throws IOException {
        try (Spool spool = Spool.open(dir, SpoolSettings.defaults().capacityBytes(10))) {
            spool.append("main", b("12345678"), 1);
            SpoolFullException e = assertThrows(SpoolFullException.class, () -> spool.append("main", b("abc"), 2));
            assertEquals(8, e.usedBytes());
            assertArrayEquals(b("12345678"), spool.openBytes("main"));
            assertEquals(80.0, spool.usedPercent(), 1e-9);
            assertEquals(0, spool.stats().totalLostBytes());
            spool.append("main", b("90"), 3);
            assertEquals(100.0, spool.usedPercent(), 1e-9);
        }
    }

    @Test
    void dropOldestDeletesOldBatchesAndReportsTheirBytesOnTheNextBatch() throws IOException {
        SpoolSettings s = SpoolSettings.defaults().capacityBytes(12).maxLines(1).fullPolicy(FullPolicy.DROP_OLDEST);
        try (Spool spool = Spool.open(dir, s)) {
            spool.append("main", b("aaa\n"), 1);
            spool.append("main", b("bbb\n"), 2);
            spool.append("main", b("ccc\n"), 3);
            assertTrue(spool.append("main", b("dd"), 4));
            assertEquals(List.of(2L, 3L), seqs(spool));
            spool.append("main", b("\n"), 5);
            SealedBatch next = spool.pending().get(2);
            assertEquals(4, next.seq());
            assertEquals("dd\n", text(next));
            assertEquals(4, next.lostBytes(), "seq 1's 4 bytes");
            assertEquals(4, spool.stats().totalLostBytes());
            spool.hold(2);
            spool.append("main", b("eeee"), 6);
            assertEquals(List.of(2L, 4L), seqs(spool), "the batch being delivered is not dropped");
            spool.release(2);
        }
        try (Spool spool = Spool.open(dir, s)) {
            spool.append("main", b("\n"), 7);
            assertEquals(2, spool.oldest().seq(), "seq 2 untouched");
            SealedBatch last = spool.pending().get(spool.pending().size() - 1);
            assertEquals("eeee\n", text(last));
            assertEquals(4, last.lostBytes(), "seq 3's 4 bytes, kept in spool.state over the restart");
            assertEquals(8, spool.stats().totalLostBytes());
        }
    }

    @Test
    void whenDroppingCannotHelpTheNewChunkIsDroppedAndCounted() throws IOException {
        SpoolSettings s = SpoolSettings.defaults().capacityBytes(12).fullPolicy(FullPolicy.DROP_OLDEST);
        try (Spool spool = Spool.open(dir, s)) {
            spool.append("main", b("x".repeat(10)), 1);
            assertFalse(spool.append("main", b("yyyyy"), 2));
            assertArrayEquals(b("x".repeat(10)), spool.openBytes("main"));
            assertEquals(5, spool.stats().totalLostBytes());
        }
        try (Spool spool = Spool.open(dir, s)) {
            assertTrue(spool.append("main", b("\n"), 3));
            spool.sealDue(Long.MAX_VALUE);
            SealedBatch batch = spool.oldest();
            assertEquals("x".repeat(10) + "\n", text(batch));
            assertEquals(5, batch.lostBytes());
            assertEquals(5, spool.stats().totalLostBytes());
        }
    }
}
