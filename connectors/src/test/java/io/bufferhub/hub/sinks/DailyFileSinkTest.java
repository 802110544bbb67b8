package io.bufferhub.hub.sinks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DailyFileSinkTest {

    @TempDir
    Path dir;

    @Test
    void aSerialNamesOneFilePerDayInsideTheDirectory() {
        DailyFileSink sink = new DailyFileSink(null, dir, ZoneOffset.UTC, "\r\n");
        Path f = sink.fileFor("ACME-0001", LocalDate.of(2026, 11, 21));
        assertEquals(dir.toAbsolutePath().resolve("ACME-0001/ACME-0001-2026-11-21.txt"), f);
    }

    @Test
    void aSerialNeverEscapesTheDirectory() {
        DailyFileSink sink = new DailyFileSink(null, dir, ZoneOffset.UTC, "\r\n");
        for (String bad : new String[] {"..", "../etc", "a/b", "/abs", "..\\x", ".hidden", "", "a\u0000b", "x".repeat(65)}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> sink.fileFor(bad, LocalDate.of(2026, 1, 1)), bad);
            assertTrue(e.getMessage().contains("cannot name a file") || e.getMessage().contains("would leave"), e.getMessage());
        }
    }
}
