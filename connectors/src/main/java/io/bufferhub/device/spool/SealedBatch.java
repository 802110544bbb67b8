package io.bufferhub.device.spool;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * A sealed batch: small metadata kept in memory, body read from its file on demand ({@link #body()}),
 * so {@link Spool#pending()} stays cheap however much is spooled.
 *
 * <p>File {@code sealed/<seq>.<channel>.batch}: one ASCII header line
 * {@code BHSB1 seq=.. channel=.. from=.. to=.. lost=.. gen=.. length=.. crc=..} ending in LF, then exactly
 * the captured bytes. An operator can read the body with any pager; the CRC32 catches disk corruption.
 * Written via temp file + fsync + rename + directory fsync, so it is whole or absent.
 */
public final class SealedBatch {

    static final String SUFFIX = ".batch";
    private static final String MAGIC = "BHSB1";

    private final long seq;
    private final String channel;
    private final long capturedFrom;
    private final long capturedTo;
    private final long lostBytes;
    private final long gen;
    private final int length;
    private final int crc;
    private final int headerLength;
    private final Path file;

    private SealedBatch(Map<String, String> h, int headerLength, Path file) {
        this.seq = Long.parseLong(h.get("seq"));
        this.channel = h.get("channel");
        this.capturedFrom = Long.parseLong(h.get("from"));
        this.capturedTo = Long.parseLong(h.get("to"));
        this.lostBytes = Long.parseLong(h.get("lost"));
        this.gen = Long.parseLong(h.get("gen"));
        this.length = Integer.parseInt(h.get("length"));
        this.crc = Integer.parseUnsignedInt(h.get("crc"), 16);
        this.headerLength = headerLength;
        this.file = file;
    }

    static String fileName(long seq, String channel) {
        return seq + "." + channel + SUFFIX;
    }

    /** Durably writes the batch file into {@code dir} and returns its metadata. */
    static SealedBatch write(Path dir, long seq, String channel, long from, long to, long lost, long gen,
            byte[] body) throws IOException {
        CRC32 c = new CRC32();
        c.update(body);
        String header = MAGIC + " seq=" + seq + " channel=" + channel + " from=" + from + " to=" + to + " lost=" + lost
                + " gen=" + gen + " length=" + body.length + " crc=" + Integer.toHexString((int) c.getValue()) + "\n";
        byte[] head = header.getBytes(StandardCharsets.US_ASCII);
        Path target = dir.resolve(fileName(seq, channel));
        DurableFiles.writeAtomically(target, head, body);
        return new SealedBatch(parse(header), head.length, target);
    }

    /** Reads the header of a batch file; fails when it is not a whole batch file. */
    static SealedBatch read(Path file) throws IOException {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            byte[] head = new byte[(int) Math.min(512, in.length())];
            in.readFully(head);
            int lf = 0;
            while (lf < head.length && head[lf] != '\n') {
                lf++;
            }
            if (lf == head.length) {
                throw new IOException(file + ": no batch header");
            }
            SealedBatch b;
            try {
                b = new SealedBatch(parse(new String(head, 0, lf, StandardCharsets.US_ASCII)), lf + 1, file);
            } catch (RuntimeException e) {
                throw new IOException(file + ": malformed batch header: " + e, e);
            }
            if (in.length() != b.headerLength + (long) b.length) {
                throw new IOException(file + ": " + in.length() + " bytes, header says " + (b.headerLength + b.length));
            }
            return b;
        }
    }

    private static Map<String, String> parse(String header) {
        String[] parts = header.trim().split(" ");
        if (!MAGIC.equals(parts[0])) {
            throw new IllegalArgumentException("not a " + MAGIC + " header");
        }
        Map<String, String> h = new HashMap<>();
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            h.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
        }
        return h;
    }

    /** Reads the body from disk and checks its CRC; an {@link IOException} means missing or corrupt. */
    public byte[] body() throws IOException {
        byte[] body = new byte[length];
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            in.seek(headerLength);
            in.readFully(body);
        }
        CRC32 c = new CRC32();
        c.update(body);
        if ((int) c.getValue() != crc) {
            throw new IOException(file + ": body CRC mismatch (corrupt on disk)");
        }
        return body;
    }

    /** The device-wide sequence number, assigned once at sealing and never reused. */
    public long seq() {
        return seq;
    }

    public String channel() {
        return channel;
    }

    /** Capture time (epoch ms) of the chunk holding the first byte. */
    public long capturedFrom() {
        return capturedFrom;
    }

    /** Capture time (epoch ms) of the chunk holding the last byte. */
    public long capturedTo() {
        return capturedTo;
    }

    /** Bytes the device dropped (spool full) between the previous sealed batch and this one. */
    public long lostBytes() {
        return lostBytes;
    }

    /** Body length in bytes. */
    public int length() {
        return length;
    }

    /** The journal generation this batch was cut from (recovery uses it to finish a seal). */
    long gen() {
        return gen;
    }

    Path file() {
        return file;
    }

    @Override
    public String toString() {
        return "SealedBatch[seq=" + seq + ", channel=" + channel + ", length=" + length + ", lost=" + lostBytes + "]";
    }
}
