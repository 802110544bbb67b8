package io.bufferhub.hub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Keeps {@code batch_gap} true inside the storing transaction: a seq beyond the highest stored one opens
 * the missing range; a seq inside an open range splits or closes it. Each change is also a device event.
 */
final class GapBook {

    private GapBook() {
    }

    static void record(Connection c, String serial, long seq, Long lastSeq, long now) throws SQLException {
        long highest = lastSeq == null ? 0 : lastSeq;
        if (seq > highest + 1) {
            insertGap(c, serial, highest + 1, seq - 1, now);
            event(c, serial, "batch-gap", "missing seq " + (highest + 1) + "-" + (seq - 1), now);
        } else if (seq <= highest) {
            fill(c, serial, seq, now);
        }
    }

    private static void fill(Connection c, String serial, long seq, long now) throws SQLException {
        long from;
        long to;
        long openedAt;
        try (PreparedStatement ps = c.prepareStatement("SELECT from_seq, to_seq, opened_at FROM batch_gap"
                + " WHERE serial = ? AND from_seq <= ? AND to_seq >= ?")) {
            ps.setString(1, serial);
            ps.setLong(2, seq);
            ps.setLong(3, seq);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return;
                }
                from = rs.getLong(1);
                to = rs.getLong(2);
                openedAt = rs.getLong(3);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM batch_gap WHERE serial = ? AND from_seq = ?")) {
            ps.setString(1, serial);
            ps.setLong(2, from);
            ps.executeUpdate();
        }
        if (from < seq) {
            insertGap(c, serial, from, seq - 1, openedAt);
        }
        if (seq < to) {
            insertGap(c, serial, seq + 1, to, openedAt);
        }
        if (from == to) {
            event(c, serial, "batch-gap-closed", "seq " + from + "-" + to + " arrived", now);
        }
    }

    private static void insertGap(Connection c, String serial, long from, long to, long openedAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO batch_gap (serial, from_seq, to_seq, opened_at) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, serial);
            ps.setLong(2, from);
            ps.setLong(3, to);
            ps.setLong(4, openedAt);
            ps.executeUpdate();
        }
    }

    static void event(Connection c, String serial, String kind, String detail, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO device_event (serial, kind, detail, at) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, serial);
            ps.setString(2, kind);
            ps.setString(3, detail);
            ps.setLong(4, now);
            ps.executeUpdate();
        }
    }
}
