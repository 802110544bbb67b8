package io.bufferhub.hub.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The byte-level COPY encoder must give exactly what the String path gives. */
class CopyEncoderTest {

    private static BatchRequest batch(byte[] body, java.nio.charset.Charset cs, Long from) {
        return new BatchRequest("DEV-1", 42, "main", body, "00", "text/plain", cs, from, null, null, null, null);
    }

    private static void assertSameAsStringPath(BatchRequest b) {
        byte[] viaStrings = RecordWriter.copyText(b, LineSplitter.split(b.body(), b.charset()))
                .getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(viaStrings, CopyEncoder.rows(b));
    }

    @Test
    void matchesTheStringPathOnTrickyBodies() {
        String[] bodies = {"a\r\nb\r\n", "a\n\nb", "\n", "tab\there\\back\rslash\r\n", "nul\0x\n", "caf\u00e9\r\n"};
        for (String s : bodies) {
            assertSameAsStringPath(batch(s.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.ISO_8859_1, 7L));
        }
    }

    @Test
    void matchesTheStringPathOnRandomBytes() {
        Random r = new Random(1);
        for (int i = 0; i < 500; i++) {
            byte[] body = new byte[1 + r.nextInt(300)];
            for (int j = 0; j < body.length; j++) {
                int pick = r.nextInt(10);
                body[j] = pick == 0 ? (byte) '\n' : pick == 1 ? (byte) '\r' : (byte) r.nextInt(256);
            }
            assertSameAsStringPath(batch(body, StandardCharsets.ISO_8859_1, null));
        }
    }

    @Test
    void otherCharsetsWithHighBytesTakeTheStringPath() {
        assertNull(CopyEncoder.rows(batch("é\n".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8, null)));
        assertSameAsStringPath(batch("ascii only\n".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8, null));
    }
}
