package io.bufferhub.hub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.bufferhub.common.Problem;

/**
 * Stores pushed batches exactly once. The device row is locked first, so pushes of one device are
 * serialised; the idempotency key (serial, seq), the batch bytes, its records and the gap bookkeeping
 * then commit in one transaction, and the caller answers only after that commit.
 */
public final class BatchStore {

    public enum Outcome { CREATED, DUPLICATE, CONFLICT }

    public record Result(Outcome outcome, int records) {
    }

    static final int MAX_CHANNELS = 8;

    /** The locked device's highest stored seq (null if none) and what is already stored under this seq. */
    private record Locked(Long lastSeq, Result existing) {
    }

    private final Database db;
    private final RecordWriter records;
    private final ChannelBook channels = new ChannelBook(MAX_CHANNELS);

    public BatchStore(Database db, boolean preferCopy) {
        this.db = db;
        this.records = new RecordWriter(db.dialect(), preferCopy);
    }

    public Result store(BatchRequest b) throws SQLException {
        int lines = LineSplitter.count(b.body());
        long now = System.currentTimeMillis();
        Result result = db.transaction(c -> {
            Locked locked = lock(c, b);
            Long lastSeq = locked.lastSeq();
            if (locked.existing() != null) {
                touch(c, b, now, lastSeq);
                return locked.existing();
            }
            channels.require(c, b.serial(), b.channel());
            if (db.dialect() == Database.Dialect.H2) {
                dropOrphanRecords(c, b);
            }
            insertBatch(c, b, lines, now);
            records.write(c, b);
            OutboxWrites.enqueueBatch(c, b.serial(), b.seq(), now);
            GapBook.record(c, b.serial(), b.seq(), lastSeq, now);
            if (b.lostBytes() != null && b.lostBytes() > 0) {
                GapBook.event(c, b.serial(), "bytes-lost", b.lostBytes() + " bytes lost before seq " + b.seq(), now);
            }
            touch(c, b, now, lastSeq == null ? b.seq() : Math.max(lastSeq, b.seq()));
            return new Result(Outcome.CREATED, lines);
        });
        if (result.outcome() == Outcome.CREATED) {
            channels.remember(b.serial(), b.channel()); // only once committed
        }
        return result;
    }

    /**
     * Locks the device row (serialising this device's pushes), then looks the key up. Two statements on purpose:
     * under READ COMMITTED a join locked in one statement would read the batch side from the snapshot taken
     * before the lock wait, and miss a racing push that committed meanwhile.
     */
    private static Locked lock(Connection c, BatchRequest b) throws SQLException {
        return new Locked(lockDevice(c, b.serial()), existing(c, b));
    }

    /**
     * Removes record rows of this key that have no batch row. They cannot come from the hub's own commits; H2's
     * recovery after a SIGKILL was seen to leave one behind for the batch in flight, which would otherwise block
     * that batch's retry forever (duplicate key) — with it gone, the retry stores the batch whole.
     */
    private static void dropOrphanRecords(Connection c, BatchRequest b) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM batch_record WHERE serial = ? AND seq = ?")) {
            ps.setString(1, b.serial());
            ps.setLong(2, b.seq());
            ps.executeUpdate();
        }
    }

    private static Result compare(String storedDigest, BatchRequest b, int records) {
        return new Result(storedDigest.trim().equals(b.digestHex()) ? Outcome.DUPLICATE : Outcome.CONFLICT, records);
    }

    private static Problem unregistered() {
        // authenticated a moment ago, deleted since: not storable
        return new Problem(403, "device-unknown", "Forbidden", "serial: device is not registered");
    }

    /** Locks the device row for this transaction and returns its highest stored seq (null if none). */
    private static Long lockDevice(Connection c, String serial) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT last_seq FROM device WHERE serial = ? FOR UPDATE")) {
            ps.setString(1, serial);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw unregistered();
                }
                long v = rs.getLong(1);
                return rs.wasNull() ? null : v;
            }
        }
    }

    private static Result existing(Connection c, BatchRequest b) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT digest, records FROM batch WHERE serial = ? AND seq = ?")) {
            ps.setString(1, b.serial());
            ps.setLong(2, b.seq());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return compare(rs.getString(1), b, rs.getInt(2));
            }
        }
    }

    private static void insertBatch(Connection c, BatchRequest b, int recordCount, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO batch (serial, seq, digest, channel, records,"
                + " byte_count, content_type, captured_from, captured_to, buffer_used, lost_bytes, received_at, body)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, b.serial());
            ps.setLong(2, b.seq());
            ps.setString(3, b.digestHex());
            ps.setString(4, b.channel());
            ps.setInt(5, recordCount);
            ps.setInt(6, b.body().length);
            ps.setString(7, b.contentType());
            SqlParams.setNullableLong(ps, 8, b.capturedFrom());
            SqlParams.setNullableLong(ps, 9, b.capturedTo());
            ps.setObject(10, b.bufferUsed());
            SqlParams.setNullableLong(ps, 11, b.lostBytes());
            ps.setLong(12, now);
            ps.setBytes(13, b.body());
            ps.executeUpdate();
        }
    }

    private static void touch(Connection c, BatchRequest b, long now, Long lastSeq) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE device SET last_seen = ?, last_seq = ?,"
                + " buffer_used = COALESCE(?, buffer_used), reported_name = COALESCE(?, reported_name),"
                + " lost_bytes_total = lost_bytes_total + ? WHERE serial = ?")) {
            ps.setLong(1, now);
            SqlParams.setNullableLong(ps, 2, lastSeq);
            ps.setObject(3, b.bufferUsed());
            ps.setString(4, b.deviceName());
            ps.setLong(5, b.lostBytes() == null ? 0 : b.lostBytes());
            ps.setString(6, b.serial());
            ps.executeUpdate();
        }
    }

    /** The operator's list of a device's batches, newest first (PROTOCOL.md §9). */
    public List<Map<String, Object>> list(String serial, int limit) throws SQLException {
        return db.withConnection(c -> listOn(c, serial, limit));
    }

    private static List<Map<String, Object>> listOn(Connection c, String serial, int limit) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, records, byte_count, digest, received_at, channel"
                + " FROM batch WHERE serial = ? ORDER BY received_at DESC, seq DESC")) {
            ps.setString(1, serial);
            ps.setMaxRows(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("seq", rs.getLong(1));
                    m.put("records", rs.getInt(2));
                    m.put("bytes", rs.getInt(3));
                    m.put("digest", rs.getString(4).trim());
                    m.put("receivedAt", rs.getLong(5));
                    m.put("channel", rs.getString(6));
                    out.add(m);
                }
            }
        }
        return out;
    }
}
