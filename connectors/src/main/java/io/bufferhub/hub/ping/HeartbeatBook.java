package io.bufferhub.hub.ping;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.bufferhub.hub.store.Database;

/**
 * Each device's heartbeat history (PROTOCOL.md §4): the interval of every ping, last 200 kept, and the firewall
 * flag derived from it — at least 20 intervals averaging 540 s or less means something on the path cuts idle
 * connections.
 */
public final class HeartbeatBook {

    public static final int HISTORY = 200;
    static final int FIREWALL_MIN_SAMPLES = 20;
    static final double FIREWALL_MAX_AVERAGE = 540;

    /** A device's heartbeat state; {@code last} is null before its first ping. */
    public record Heartbeats(Integer last, List<Integer> history) {
        /** From the device row's columns ({@code heartbeat_last}, {@code heartbeat_history}). */
        public static Heartbeats of(Integer last, String history) {
            return new Heartbeats(last, parse(history));
        }

        public boolean firewallSuspect() {
            return history.size() >= FIREWALL_MIN_SAMPLES
                    && history.stream().mapToInt(Integer::intValue).average().orElse(Double.MAX_VALUE) <= FIREWALL_MAX_AVERAGE;
        }
    }

    private final Database db;

    public HeartbeatBook(Database db) {
        this.db = db;
    }

    /** Appends {@code heartbeat} to the device's history and marks it seen, in one transaction. */
    public void record(String serial, int heartbeat) throws SQLException {
        record(serial, heartbeat, null, null, null);
    }

    /**
     * As above, and notes which node holds the device's ping until when ({@code node} null: nobody), so that
     * every node sharing the database can tell that the device is pinging; {@code alsoInTransaction} (may be null)
     * runs in the same transaction, e.g. to announce the ping to the other nodes at commit.
     */
    public void record(String serial, int heartbeat, String node, Long heldUntil,
                       Database.SqlWork<?> alsoInTransaction) throws SQLException {
        db.transaction(c -> {
            String history;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT heartbeat_history FROM device WHERE serial = ? FOR UPDATE")) {
                ps.setString(1, serial);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    history = rs.getString(1);
                }
            }
            List<Integer> values = new ArrayList<>(parse(history));
            values.add(heartbeat);
            while (values.size() > HISTORY) {
                values.remove(0);
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE device SET heartbeat_last = ?,"
                    + " heartbeat_history = ?, last_seen = ?, ping_node = ?, ping_until = ? WHERE serial = ?")) {
                ps.setInt(1, heartbeat);
                ps.setString(2, String.join(",", values.stream().map(String::valueOf).toList()));
                ps.setLong(3, System.currentTimeMillis());
                ps.setString(4, node);
                ps.setObject(5, heldUntil, java.sql.Types.BIGINT);
                ps.setString(6, serial);
                ps.executeUpdate();
            }
            if (alsoInTransaction != null) {
                alsoInTransaction.run(c);
            }
            return null;
        });
    }

    /** Clears the holder note if it is still the one {@code node} wrote (a newer ping elsewhere keeps its own). */
    public void released(String serial, String node, long heldUntil) throws SQLException {
        db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE device SET ping_node = NULL, ping_until = NULL"
                    + " WHERE serial = ? AND ping_node = ? AND ping_until = ?")) {
                ps.setString(1, serial);
                ps.setString(2, node);
                ps.setLong(3, heldUntil);
                return ps.executeUpdate();
            }
        });
    }

    public Heartbeats read(String serial) throws SQLException {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT heartbeat_last, heartbeat_history FROM device WHERE serial = ?")) {
                ps.setString(1, serial);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return new Heartbeats(null, List.of());
                    }
                    int last = rs.getInt(1);
                    return Heartbeats.of(rs.wasNull() ? null : last, rs.getString(2));
                }
            }
        });
    }

    static List<Integer> parse(String history) {
        if (history == null || history.isBlank()) {
            return List.of();
        }
        return Arrays.stream(history.split(",")).map(String::trim).map(Integer::valueOf).toList();
    }
}
