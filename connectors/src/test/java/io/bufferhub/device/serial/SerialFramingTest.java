package io.bufferhub.device.serial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import io.bufferhub.device.serial.SerialConfiguration.Delimiter;
import io.bufferhub.device.serial.SerialConfiguration.Framing;
import io.bufferhub.device.serial.SerialFrame.End;

/** Framing rules, and the invariant the device depends on: frames concatenate to the exact input. */
class SerialFramingTest {

    private static final String MIXED = "A1\r\nB22\nC333\rD4444\r\r\nE\n\r\n\rF";

    @Test
    void crlfEndsOnlyAtCrLf() {
        assertEquals(List.of("A1\r\n", "B22\nC333\rD4444\r\r\n", "E\n\r\n"),
                frames(cfg(c -> c.setDelimiter(Delimiter.CRLF)), MIXED));
    }

    @Test
    void lfEndsAtEveryLf() {
        assertEquals(List.of("A1\r\n", "B22\n", "C333\rD4444\r\r\n", "E\n", "\r\n"),
                frames(cfg(c -> c.setDelimiter(Delimiter.LF)), MIXED));
    }

    @Test
    void crEndsAtEveryCr() {
        assertEquals(List.of("A1\r", "\nB22\nC333\r", "D4444\r", "\r", "\nE\n\r", "\n\r"),
                frames(cfg(c -> c.setDelimiter(Delimiter.CR)), MIXED));
    }

    @Test
    void anyTakesCrLfLfAndLoneCr() {
        // a CR followed by anything but LF ends a line by itself; "F" still waits for its line end
        assertEquals(List.of("A1\r\n", "B22\n", "C333\r", "D4444\r", "\r\n", "E\n", "\r\n", "\r"),
                frames(cfg(c -> c.setDelimiter(Delimiter.ANY)), MIXED));
    }

    @Test
    void anyLoneCrEndsAfterIdleGapButCrLfAcrossReadsStaysOneFrame() {
        FrameAssembler a = new FrameAssembler(cfg(c -> c.setIdleGapMs(200)));
        List<SerialFrame> out = new ArrayList<>();
        a.feed(bytes("abc\r"), 0, 4, 1000, out);
        a.tick(1150, out);
        assertTrue(out.isEmpty(), "CR still waits for LF");
        a.feed(bytes("\nxyz\r"), 0, 5, 1150, out);
        assertEquals(List.of("abc\r\n"), text(out));
        assertEquals(1000, out.get(0).capturedAt());
        a.tick(1349, out);
        assertEquals(1, out.size(), "the gap counts from the last byte");
        a.tick(1400, out);
        assertEquals(List.of("abc\r\n", "xyz\r"), text(out));
        assertEquals(End.DELIMITER, out.get(1).end());
    }

    @Test
    void excludedDelimitersAreStrippedAndEmptyLinesSkipped() {
        assertEquals(List.of("A1", "B22", "C333", "D4444", "E"),
                frames(cfg(c -> c.setIncludeDelimiter(false)), MIXED));
        assertEquals(List.of("A1", "B22\nC333\rD4444\r", "E\n"),
                frames(cfg(c -> {
                    c.setIncludeDelimiter(false);
                    c.setDelimiter(Delimiter.CRLF);
                }), MIXED));
    }

    @Test
    void fixedLengthRecords() {
        assertEquals(List.of("0123", "4567", "89\r\n"),
                frames(cfg(c -> {
                    c.setFraming(Framing.FIXED);
                    c.setFixedLength(4);
                }), "0123456789\r\nxy"));
    }

    @Test
    void idleFramingEndsWhenTheLineIsQuiet() {
        FrameAssembler a = new FrameAssembler(cfg(c -> {
            c.setFraming(Framing.IDLE);
            c.setIdleGapMs(100);
        }));
        List<SerialFrame> out = new ArrayList<>();
        a.feed(bytes("block one\n"), 0, 10, 0, out);
        a.feed(bytes("more\n"), 0, 5, 90, out);
        a.tick(150, out);
        assertTrue(out.isEmpty());
        a.tick(190, out);
        a.feed(bytes("two"), 0, 3, 500, out);
        a.feed(bytes("!"), 0, 1, 700, out); // arrives after a gap: closes "two" first
        assertEquals(List.of("block one\nmore\n", "two"), text(out));
        assertEquals(List.of(0L, 500L), out.stream().map(SerialFrame::capturedAt).toList());
        assertEquals(End.IDLE, out.get(1).end());
        a.flush(End.DISCONNECT, out);
        assertEquals("!", text(out).get(2));
        assertEquals(End.DISCONNECT, out.get(2).end());
        assertFalse(a.hasPending());
    }

    @Test
    void partialLineIsFlushedAfterMaxFrameIdle() {
        FrameAssembler a = new FrameAssembler(cfg(c -> c.setMaxFrameIdleMs(1000)));
        List<SerialFrame> out = new ArrayList<>();
        a.feed(bytes("no line end"), 0, 11, 0, out);
        a.tick(999, out);
        assertTrue(out.isEmpty());
        a.tick(1000, out);
        assertEquals(List.of("no line end"), text(out));
        assertEquals(End.IDLE, out.get(0).end());

        FrameAssembler never = new FrameAssembler(cfg(c -> c.setMaxFrameIdleMs(0)));
        never.feed(bytes("waits"), 0, 5, System.currentTimeMillis(), out);
        never.tick(Long.MAX_VALUE, out);
        assertEquals(1, out.size(), "maxFrameIdleMs=0 never flushes on time");
        assertTrue(never.hasPending());
    }

    @Test
    void quietTimeIsMonotonicCaptureTimeIsWallClock() {
        FrameAssembler a = new FrameAssembler(cfg(c -> c.setMaxFrameIdleMs(1000)));
        List<SerialFrame> out = new ArrayList<>();
        a.feed(bytes("CDR"), 0, 3, 50, 1_700_000_000_000L, out);
        a.feed(bytes(" 1\n"), 0, 3, 60, 1_600_000_000_000L, out); // wall clock set back: no effect on framing
        assertEquals(List.of("CDR 1\n"), text(out));
        assertEquals(1_700_000_000_000L, out.get(0).capturedAt());
    }

    @Test
    void longRunIsEmittedAtMaxFrameBytes() {
        List<SerialFrame> out = new ArrayList<>();
        FrameAssembler a = new FrameAssembler(cfg(c -> c.setMaxFrameBytes(4)));
        a.feed(bytes("abcdefghij\n"), 0, 11, 0, out);
        assertEquals(List.of("abcd", "efgh", "ij\n"), text(out));
        assertEquals(End.MAX_BYTES, out.get(0).end());
    }

    /** Every framing, every split position: the frames put back together are the input, byte for byte. */
    @Test
    void framesConcatenateToTheInputWhateverTheChunking() {
        byte[] input = new byte[300];
        byte[] alphabet = bytes("\r\n\r\nabc\r\rx\n\n\r\u00ff\u0000");
        for (int i = 0; i < input.length; i++) {
            input[i] = alphabet[(i * 7 + i / 5) % alphabet.length];
        }
        List<SerialConfiguration> configs = new ArrayList<>();
        for (Delimiter d : Delimiter.values()) {
            configs.add(cfg(c -> c.setDelimiter(d)));
            configs.add(cfg(c -> {
                c.setDelimiter(d);
                c.setMaxFrameBytes(7);
            }));
        }
        configs.add(cfg(c -> {
            c.setFraming(Framing.FIXED);
            c.setFixedLength(13);
        }));
        configs.add(cfg(c -> c.setFraming(Framing.IDLE)));
        for (SerialConfiguration c : configs) {
            for (int cut = 0; cut <= input.length; cut++) {
                for (long gap : new long[] {0, 10_000}) {
                    FrameAssembler a = new FrameAssembler(c);
                    List<SerialFrame> out = new ArrayList<>();
                    a.feed(input, 0, cut, 0, out);
                    a.feed(input, cut, input.length - cut, gap, out);
                    a.flush(End.STOP, out);
                    ByteArrayOutputStream joined = new ByteArrayOutputStream();
                    out.forEach(f -> joined.writeBytes(f.data()));
                    assertArrayEquals(input, joined.toByteArray(),
                            c.getFraming() + "/" + c.getDelimiter() + " cut at " + cut + " gap " + gap);
                    assertTrue(out.stream().allMatch(f -> f.data().length > 0 && f.data().length <= c.getMaxFrameBytes()));
                }
            }
        }
    }

    static SerialConfiguration cfg(Consumer<SerialConfiguration> change) {
        SerialConfiguration c = new SerialConfiguration();
        change.accept(c);
        c.validate();
        return c;
    }

    private static List<String> frames(SerialConfiguration c, String input) {
        List<SerialFrame> out = new ArrayList<>();
        new FrameAssembler(c).feed(bytes(input), 0, input.length(), 0, out);
        return text(out);
    }

    private static List<String> text(List<SerialFrame> frames) {
        return frames.stream().map(f -> new String(f.data(), StandardCharsets.ISO_8859_1)).toList();
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
