package io.bufferhub.hub.sinks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.bufferhub.common.Identifiers;
import io.bufferhub.hub.outbox.OutboxConstants;
import io.bufferhub.hub.store.Database;
import org.apache.camel.Exchange;
import org.apache.camel.Handler;

/**
 * The {@code files} sink: one text file per device per day ({@code <dir>/<serial>/<serial>-<yyyy-MM-dd>.txt},
 * the raw lines as captured), like the legacy FTP delivery. Each batch is added by writing the whole new file
 * beside the old one and renaming it into place, so readers never see half a batch. A journal row
 * ({@code file_delivery}: file, offset, length), committed before the file is written, tells a retry after a
 * crash whether the batch already landed — the bytes at that offset — so a batch is never appended twice.
 * The serial comes from the database but is still checked before it becomes a path.
 */
public final class DailyFileSink {

    private final Database db;
    private final Path dir;
    private final ZoneId zone;
    private final String lineEnding;

    public DailyFileSink(Database db, Path dir, ZoneId zone, String lineEnding) {
        this.db = db;
        this.dir = dir.toAbsolutePath().normalize();
        this.zone = zone;
        this.lineEnding = lineEnding;
    }

    @Handler
    @SuppressWarnings("unchecked")
    public String write(Exchange exchange) throws Exception {
        Connection c = exchange.getIn().getHeader(OutboxConstants.CONNECTION, Connection.class);
        if (c == null) {
            throw new IllegalStateException("files needs a transacted outbox route (outbox:...?transacted=true)");
        }
        String serial = exchange.getIn().getHeader(OutboxConstants.SERIAL, String.class);
        long seq = exchange.getIn().getHeader(OutboxConstants.SEQ, Long.class);
        long receivedAt = exchange.getIn().getHeader(OutboxConstants.RECEIVED_AT, Long.class);
        List<Map<String, Object>> records = exchange.getIn().getBody(List.class);
        StringBuilder text = new StringBuilder();
        for (Map<String, Object> r : records) {
            text.append(r.get("raw")).append(lineEnding);
        }
        Path file = fileFor(serial, LocalDate.ofInstant(Instant.ofEpochMilli(receivedAt), zone));
        return append(c, serial, seq, file, text.toString().getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The day's file of a device; a serial that could leave the directory never becomes a path. */
    Path fileFor(String serial, LocalDate day) {
        if (!Identifiers.isSerial(serial) || serial.startsWith(".")) {
            throw new IllegalArgumentException("serial '" + serial + "' cannot name a file");
        }
        Path file = dir.resolve(serial).resolve(serial + "-" + day + ".txt").normalize();
        if (!file.startsWith(dir)) {
            throw new IllegalArgumentException("serial '" + serial + "' would leave " + dir);
        }
        return file;
    }

    /**
     * Appends under a lock on the device's folder ({@code .lock}, an OS file lock), so hub nodes sharing the files
     * directory never interleave their copy-and-rename of one file.
     */
    private synchronized Path append(Connection c, String serial, long seq, Path file, byte[] bytes)
            throws SQLException, IOException {
        Files.createDirectories(file.getParent());
        try (FileChannel lockFile = FileChannel.open(file.resolveSibling(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = lockFile.lock()) {
            return appendLocked(c, serial, seq, file, bytes);
        }
    }

    private Path appendLocked(Connection c, String serial, long seq, Path file, byte[] bytes)
            throws SQLException, IOException {
        long size = Files.exists(file) ? Files.size(file) : 0;
        Long journaled = journaledOffset(c, serial, seq, file);
        if (journaled != null && landed(file, journaled, bytes)) {
            return file; // an earlier attempt wrote it; the outbox row was not marked done
        }
        // the journal is durable before the file changes; its own transaction, so the outbox row stays locked
        db.transaction(j -> {
            upsertJournal(j, serial, seq, file, size, bytes.length);
            return null;
        });
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        if (size > 0) {
            Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
        } else {
            Files.deleteIfExists(tmp);
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.wrap(bytes));
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    private static boolean landed(Path file, long offset, byte[] bytes) throws IOException {
        if (!Files.exists(file) || Files.size(file) < offset + bytes.length) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(bytes.length);
            while (buf.hasRemaining() && ch.read(buf, offset + buf.position()) > 0) {
                // read the whole region
            }
            return Arrays.equals(buf.array(), bytes);
        }
    }

    private static Long journaledOffset(Connection c, String serial, long seq, Path file) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT at_offset, file FROM file_delivery WHERE serial = ? AND seq = ?")) {
            ps.setString(1, serial);
            ps.setLong(2, seq);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getString(2).equals(file.toString()) ? rs.getLong(1) : null;
            }
        }
    }

    private static void upsertJournal(Connection c, String serial, long seq, Path file, long offset, int length)
            throws SQLException {
        try (PreparedStatement del = c.prepareStatement("DELETE FROM file_delivery WHERE serial = ? AND seq = ?")) {
            del.setString(1, serial);
            del.setLong(2, seq);
            del.executeUpdate();
        }
        // Entries of this file at or past its current end never landed (the file only grows, by whole renames):
        // their batches failed mid-write. Forget them, or a retry would find this batch's bytes at its old offset
        // (identical content is possible) and skip a batch that is not in the file.
        try (PreparedStatement stale = c.prepareStatement(
                "DELETE FROM file_delivery WHERE serial = ? AND file = ? AND at_offset >= ?")) {
            stale.setString(1, serial);
            stale.setString(2, file.toString());
            stale.setLong(3, offset);
            stale.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO file_delivery (serial, seq, file, at_offset, byte_count) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, serial);
            ps.setLong(2, seq);
            ps.setString(3, file.toString());
            ps.setLong(4, offset);
            ps.setInt(5, length);
            ps.executeUpdate();
        }
    }
}
