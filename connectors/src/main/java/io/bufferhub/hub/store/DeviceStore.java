package io.bufferhub.hub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Registered devices: what the operator API writes and what authentication reads. */
public final class DeviceStore {

    /** What authentication needs to know of a device, with the name and group redirect rules match on. */
    public record Credentials(String serial, String secretHash, boolean enabled, String name, String group) {
    }

    /** An operator's PUT: null fields keep their current value (the secret is never read back). */
    public record DeviceUpdate(String name, String secret, String group, Boolean enabled) {
    }

    /** Raw heartbeat columns in a view, turned into the protocol's heartbeat object by the operator API. */
    public static final String HEARTBEAT_LAST = "_heartbeatLast";
    public static final String HEARTBEAT_HISTORY = "_heartbeatHistory";
    /** Until when some hub node holds the device's ping (epoch ms), or null; removed from the view by the caller. */
    public static final String PING_UNTIL = "_pingUntil";

    private final Database db;
    private final SecretHasher hasher;

    public DeviceStore(Database db, SecretHasher hasher) {
        this.db = db;
        this.hasher = hasher;
    }

    public Optional<Credentials> credentials(String serial) throws SQLException {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT secret_hash, enabled, name, group_name FROM device WHERE serial = ?")) {
                ps.setString(1, serial);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new Credentials(serial, rs.getString(1), rs.getBoolean(2),
                            rs.getString(3), rs.getString(4))) : Optional.empty();
                }
            }
        });
    }

    /** Creates or changes a device; returns true when it was created. The caller validated the fields. */
    public boolean put(String serial, DeviceUpdate u) throws SQLException {
        long now = System.currentTimeMillis();
        String hash = u.secret() == null ? null : hasher.hash(u.secret());
        return db.transaction(c -> {
            boolean created = !exists(c, serial);
            if (created) {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO device (serial, name, group_name, enabled, secret_hash, created_at, updated_at)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                    ps.setString(1, serial);
                    ps.setString(2, u.name());
                    ps.setString(3, u.group());
                    ps.setBoolean(4, u.enabled() == null || u.enabled());
                    ps.setString(5, hash);
                    ps.setLong(6, now);
                    ps.setLong(7, now);
                    ps.executeUpdate();
                }
            } else {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE device SET name = COALESCE(?, name), group_name = COALESCE(?, group_name),"
                                + " enabled = COALESCE(?, enabled), secret_hash = COALESCE(?, secret_hash),"
                                + " updated_at = ? WHERE serial = ?")) {
                    ps.setString(1, u.name());
                    ps.setString(2, u.group());
                    ps.setObject(3, u.enabled());
                    ps.setString(4, hash);
                    ps.setLong(5, now);
                    ps.setString(6, serial);
                    ps.executeUpdate();
                }
            }
            return created;
        });
    }

    public boolean exists(String serial) throws SQLException {
        return db.withConnection(c -> exists(c, serial));
    }

    private static boolean exists(Connection c, String serial) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM device WHERE serial = ? FOR UPDATE")) {
            ps.setString(1, serial);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The operator's view of one device (PROTOCOL.md §9), without heartbeat data (added by the caller). */
    public Optional<Map<String, Object>> view(String serial) throws SQLException {
        List<Map<String, Object>> one = query("WHERE d.serial = ?", serial);
        return one.isEmpty() ? Optional.empty() : Optional.of(one.get(0));
    }

    public List<Map<String, Object>> list() throws SQLException {
        return query("", null);
    }

    private List<Map<String, Object>> query(String where, String serial) throws SQLException {
        String sql = "SELECT d.serial, d.name, d.group_name, d.enabled, d.last_seen, d.last_seq, d.reported_name,"
                + " d.buffer_used, d.lost_bytes_total, d.heartbeat_last, d.heartbeat_history, d.ping_until FROM device d "
                + where
                + " ORDER BY d.serial";
        return db.withConnection(c -> queryOn(c, sql, serial));
    }

    private static List<Map<String, Object>> queryOn(Connection c, String sql, String serial) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (serial != null) {
                ps.setString(1, serial);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> v = new LinkedHashMap<>();
                    v.put("serial", rs.getString(1));
                    v.put("name", rs.getString(2));
                    v.put("group", rs.getString(3));
                    v.put("enabled", rs.getBoolean(4));
                    v.put("lastSeen", rs.getObject(5) == null ? null : rs.getLong(5));
                    v.put("lastSeq", rs.getObject(6) == null ? null : rs.getLong(6));
                    v.put("reportedName", rs.getString(7));
                    v.put("bufferUsed", rs.getObject(8) == null ? null : rs.getDouble(8));
                    v.put("lostBytes", rs.getLong(9));
                    v.put(HEARTBEAT_LAST, rs.getObject(10) == null ? null : rs.getInt(10));
                    v.put(HEARTBEAT_HISTORY, rs.getString(11));
                    v.put(PING_UNTIL, rs.getObject(12) == null ? null : rs.getLong(12));
                    out.add(v);
                }
            }
        }
        Map<String, List<Map<String, Object>>> gaps = gaps(c, serial);
        for (Map<String, Object> v : out) {
            v.put("gaps", gaps.getOrDefault((String) v.get("serial"), List.of()));
        }
        return out;
    }

    /** Open gaps by serial, for one device or all of them in one query (not one query per device). */
    private static Map<String, List<Map<String, Object>>> gaps(Connection c, String serial) throws SQLException {
        Map<String, List<Map<String, Object>>> gaps = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT serial, from_seq, to_seq FROM batch_gap"
                + (serial == null ? "" : " WHERE serial = ?") + " ORDER BY serial, from_seq")) {
            if (serial != null) {
                ps.setString(1, serial);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> g = new LinkedHashMap<>();
                    g.put("from", rs.getLong(2));
                    g.put("to", rs.getLong(3));
                    gaps.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(g);
                }
            }
        }
        return gaps;
    }
}
