package io.bufferhub.hub.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.bufferhub.hub.store.Database;

/**
 * The durable per-sink outbox. Ingest adds one row per batch-fed sink in the batch's own transaction (so a
 * stored batch is always delivered, and a batch that was not stored never is); alert rules add one row per
 * alert-fed sink with the alert. Each sink claims its rows one at a time under a row lock ({@code SKIP LOCKED}
 * on PostgreSQL, so hub nodes share the work and a killed node's row is free again when its connection dies),
 * delivers, and marks the row done, or retries it later with backoff and finally parks it as a dead letter.
 */
public final class OutboxStore {

    /** A claimed row. */
    public record Row(long id, String sink, String ref, String serial, Long seq, Long alertId, int attempts) {
    }

    private final Database db;

    public OutboxStore(Database db) {
        this.db = db;
    }

    public Database database() {
        return db;
    }

    /**
     * Makes a sink known to every hub node sharing the database (idempotent). Run when its route starts, so it also
     * re-enables a retired sink: the configuration says the integration is on, and its retired rows are due again.
     */
    public void register(String sink, String source) throws SQLException {
        db.transaction(c -> {
            try (PreparedStatement up = c.prepareStatement("UPDATE sink SET source = ?, enabled = TRUE WHERE name = ?")) {
                up.setString(1, source);
                up.setString(2, sink);
                if (up.executeUpdate() == 1) {
                    moveRows(c, sink, "retired", "pending", System.currentTimeMillis());
                    return null;
                }
            }
            try (PreparedStatement in = c.prepareStatement(
                    "INSERT INTO sink (name, source, enabled, created_at) VALUES (?, ?, TRUE, ?)")) {
                in.setString(1, sink);
                in.setString(2, source);
                in.setLong(3, System.currentTimeMillis());
                in.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Retires ({@code enabled = false}: no rows for new batches or alerts, its pending rows become {@code retired},
     * kept but not delivered) or re-enables a sink (its retired rows are pending again). The sink row is locked, so
     * this and {@link #register} never interleave. Returns how many rows changed state, or null for an unknown sink.
     */
    public Integer setEnabled(String sink, boolean enabled) throws SQLException {
        long now = System.currentTimeMillis();
        return db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT enabled FROM sink WHERE name = ? FOR UPDATE")) {
                ps.setString(1, sink);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                }
            }
            try (PreparedStatement up = c.prepareStatement("UPDATE sink SET enabled = ? WHERE name = ?")) {
                up.setBoolean(1, enabled);
                up.setString(2, sink);
                up.executeUpdate();
            }
            return enabled ? moveRows(c, sink, "retired", "pending", now) : moveRows(c, sink, "pending", "retired", now);
        });
    }

    /**
     * Retires pending rows of retired sinks that an ingest running concurrently with the retirement still wrote
     * (it read the sink as enabled); run by the housekeeping job. Returns how many rows it retired.
     */
    public int retireStragglers() throws SQLException {
        List<String> retired = db.withConnection(c -> {
            List<String> names = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT name FROM sink WHERE enabled = FALSE");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            return names;
        });
        int moved = 0;
        for (String sink : retired) {
            moved += db.transaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT enabled FROM sink WHERE name = ? FOR UPDATE")) {
                    ps.setString(1, sink);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next() || rs.getBoolean(1)) {
                            return 0; // re-enabled meanwhile
                        }
                    }
                }
                return moveRows(c, sink, "pending", "retired", System.currentTimeMillis());
            });
        }
        return moved;
    }

    private static int moveRows(Connection c, String sink, String from, String to, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE outbox SET state = ?, next_at = ?, updated_at = ? WHERE sink = ? AND state = ?")) {
            ps.setString(1, to);
            ps.setLong(2, now);
            ps.setLong(3, now);
            ps.setString(4, sink);
            ps.setString(5, from);
            return ps.executeUpdate();
        }
    }

    /** Locks the oldest due row of {@code sink} for this transaction, skipping rows other nodes hold. */
    public Row claim(Connection c, String sink, long now) throws SQLException {
        String sql = "SELECT id, sink, ref, serial, seq, alert_id, attempts FROM outbox WHERE sink = ? AND state = 'pending'"
                + " AND next_at <= ? ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, sink);
            ps.setLong(2, now);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                long seq = rs.getLong(5);
                Long seqOrNull = rs.wasNull() ? null : seq;
                long alert = rs.getLong(6);
                Long alertOrNull = rs.wasNull() ? null : alert;
                return new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), seqOrNull, alertOrNull,
                        rs.getInt(7));
            }
        }
    }

    public static void done(Connection c, long id, long now) throws SQLException {
        update(c, "UPDATE outbox SET state = 'done', attempts = attempts + 1, last_error = NULL, updated_at = ? WHERE id = ?",
                now, id);
    }

    /** A failed attempt: due again at {@code nextAt}, or a dead letter when {@code dead}. */
    public static void failed(Connection c, long id, String error, long nextAt, boolean dead, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET state = ?, attempts = attempts + 1,"
                + " next_at = ?, last_error = ?, updated_at = ? WHERE id = ?")) {
            ps.setString(1, dead ? "dead" : "pending");
            ps.setLong(2, nextAt);
            ps.setString(3, error.length() > 1000 ? error.substring(0, 1000) : error);
            ps.setLong(4, now);
            ps.setLong(5, id);
            ps.executeUpdate();
        }
    }

    /** Dead letters, newest first (operator API). */
    public List<Map<String, Object>> deadLetters(String sink, int limit) throws SQLException {
        return db.withConnection(c -> {
            String sql = "SELECT id, sink, ref, serial, seq, alert_id, attempts, last_error, created_at, updated_at FROM outbox"
                    + " WHERE state = 'dead'" + (sink == null ? "" : " AND sink = ?") + " ORDER BY id DESC LIMIT ?";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                if (sink != null) {
                    ps.setString(i++, sink);
                }
                ps.setInt(i, limit);
                List<Map<String, Object>> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("id", rs.getLong(1));
                        m.put("sink", rs.getString(2));
                        m.put("ref", rs.getString(3));
                        m.put("serial", rs.getString(4));
                        m.put("seq", rs.getObject(5));
                        m.put("alertId", rs.getObject(6));
                        m.put("attempts", rs.getInt(7));
                        m.put("lastError", rs.getString(8));
                        m.put("createdAt", rs.getLong(9));
                        m.put("failedAt", rs.getLong(10));
                        out.add(m);
                    }
                }
                return out;
            }
        });
    }

    /**
     * Puts a dead letter back in line with a fresh attempt count: {@code pending}, or {@code retired} when its sink is
     * retired (delivered once the sink is re-enabled). Returns the new state; null when {@code id} is not a dead letter.
     */
    public String retry(long id) throws SQLException {
        long now = System.currentTimeMillis();
        return db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET state = CASE WHEN EXISTS (SELECT 1 FROM sink"
                    + " WHERE sink.name = outbox.sink AND sink.enabled = FALSE) THEN 'retired' ELSE 'pending' END,"
                    + " attempts = 0, next_at = ?, updated_at = ? WHERE id = ? AND state = 'dead'")) {
                ps.setLong(1, now);
                ps.setLong(2, now);
                ps.setLong(3, id);
                if (ps.executeUpdate() != 1) {
                    return null;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT state FROM outbox WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        });
    }

    /**
     * Every registered sink with {@code enabled} and its row counts by state, in one query (operator API, benchmarks).
     * {@code done} counts the delivered rows still kept ({@code integrations.outbox.keepDoneHours}).
     */
    public List<Map<String, Object>> sinkCounts() throws SQLException {
        return db.withConnection(c -> {
            Map<String, Map<String, Object>> bySink = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT s.name, s.enabled, o.state, COUNT(o.id) FROM sink s"
                    + " LEFT JOIN outbox o ON o.sink = s.name GROUP BY s.name, s.enabled, o.state");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    boolean enabled = rs.getBoolean(2);
                    Map<String, Object> m = bySink.computeIfAbsent(rs.getString(1), name -> {
                        Map<String, Object> v = new LinkedHashMap<>();
                        v.put("name", name);
                        v.put("enabled", enabled);
                        v.put("pending", 0L);
                        v.put("done", 0L);
                        v.put("dead", 0L);
                        v.put("retired", 0L);
                        return v;
                    });
                    if (rs.getString(3) != null) {
                        m.put(rs.getString(3), rs.getLong(4));
                    }
                }
            }
            return new ArrayList<>(bySink.values());
        });
    }

    private static void update(Connection c, String sql, long now, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, now);
            ps.setLong(2, id);
            ps.executeUpdate();
        }
    }
}
