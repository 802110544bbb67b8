package io.bufferhub.device.spool;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only file behind one channel's open batch: {@code open/<channel>.<gen>.journal}.
 *
 * <p>Format: the 4 bytes {@code BHJ1}, then records {@code [int length][long capturedAtMillis][length
 * bytes][int crc32]} (big-endian; the CRC covers length, time and bytes). A record is written with one
 * {@code write} call, but a crash can still leave a torn tail; the CRC detects it and recovery cuts the
 * file back to the last whole record. {@code gen} is the seq of the batch whose seal created this file
 * (or the highest seq assigned when the channel was first seen), so a sealed batch that names the
 * current journal's gen marks a seal that did not finish replacing its journal.
 */
final class Journal implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
    static final String SUFFIX = ".journal";
    private static final byte[] MAGIC = {'B', 'H', 'J', '1'};
    private static final int OVERHEAD = 16;
    private static final int MAX_RECORD = 256 << 20;

    private final Path path;
    private final long gen;
    private final RandomAccessFile file;
    private boolean dirty;

    private Journal(Path path, long gen) throws IOException {
        this.path = path;
        this.gen = gen;
        this.file = new RandomAccessFile(path.toFile(), "rw");
        file.seek(file.length());
    }

    static Path pathOf(Path openDir, String channel, long gen) {
        return openDir.resolve(channel + "." + gen + SUFFIX);
    }

    /** Durably creates a journal for {@code gen} holding {@code content}'s bytes from {@code from} on. */
    static Journal create(Path openDir, String channel, long gen, OpenBatch content, int from) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(MAGIC);
        content.piecesFrom(from, (b, off, len, at) -> out.writeBytes(record(b, off, len, at)));
        Path path = pathOf(openDir, channel, gen);
        DurableFiles.writeAtomically(path, out.toByteArray());
        return new Journal(path, gen);
    }

    /**
     * Opens an existing journal, replays its whole records into {@code into} and cuts a torn or corrupt
     * tail off (durably). A file without the magic is renamed aside to {@code .corrupt} (never deleted)
     * and an empty journal takes its place.
     */
    static Journal recover(Path path, long gen, OpenBatch into) throws IOException {
        byte[] all = Files.readAllBytes(path);
        if (all.length < MAGIC.length || !ByteBuffer.wrap(all, 0, 4).equals(ByteBuffer.wrap(MAGIC))) {
            Path aside = path.resolveSibling(path.getFileName() + ".corrupt");
            LOG.error("Spool journal {} has no valid header; moved aside to {}", path, aside);
            DurableFiles.moveDurably(path, aside);
            String name = path.getFileName().toString();
            String channel = name.substring(0, name.lastIndexOf('.', name.length() - SUFFIX.length() - 1));
            return create(path.getParent(), channel, gen, new OpenBatch(), 0);
        }
        ByteBuffer buf = ByteBuffer.wrap(all);
        int good = MAGIC.length;
        buf.position(good);
        CRC32 crc = new CRC32();
        while (buf.remaining() >= OVERHEAD) {
            int len = buf.getInt(good);
            if (len < 0 || len > MAX_RECORD || len > buf.remaining() - OVERHEAD) {
                break;
            }
            crc.reset();
            crc.update(all, good, 12 + len);
            if ((int) crc.getValue() != buf.getInt(good + 12 + len)) {
                break;
            }
            into.add(all, good + 12, len, buf.getLong(good + 4));
            good += OVERHEAD + len;
            buf.position(good);
        }
        Journal journal = new Journal(path, gen);
        if (good < all.length) {
            LOG.warn("Spool journal {}: cut a torn tail of {} bytes after {} whole bytes", path, all.length - good, good);
            journal.file.setLength(good);
            journal.file.seek(good);
            journal.dirty = true;
            journal.force();
        }
        return journal;
    }

    static byte[] record(byte[] b, int off, int len, long capturedAt) {
        ByteBuffer rec = ByteBuffer.allocate(OVERHEAD + len);
        rec.putInt(len).putLong(capturedAt).put(b, off, len);
        CRC32 crc = new CRC32();
        crc.update(rec.array(), 0, 12 + len);
        rec.putInt((int) crc.getValue());
        return rec.array();
    }

    /**
     * Appends one record, forced when {@code force}. On failure the file is cut back to its old length, so
     * a chunk whose append failed is not replayed by recovery (the caller will offer it again).
     */
    void append(byte[] chunk, long capturedAt, boolean force) throws IOException {
        long before = file.length();
        try {
            file.write(record(chunk, 0, chunk.length, capturedAt));
            dirty = true;
            if (force) {
                force();
            }
        } catch (IOException e) {
            try {
                file.setLength(before);
                file.seek(before);
            } catch (IOException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
    }

    /** {@code fsync}s the journal if anything was written since the last force. */
    void force() throws IOException {
        if (dirty) {
            file.getFD().sync();
            dirty = false;
        }
    }

    long gen() {
        return gen;
    }

    Path path() {
        return path;
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
