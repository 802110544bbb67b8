package io.bufferhub.hub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Adds outbox rows (see io.bufferhub.hub.outbox.OutboxStore) inside the transaction that stores what they point at:
 * a batch at ingest, an alert when it is raised. Here, not in the outbox package, so that storing never depends
 * on delivering.
 */
public final class OutboxWrites {

    private OutboxWrites() {
    }

    /** In the ingest transaction: one pending row per enabled batch-fed sink. */
    public static void enqueueBatch(Connection c, String serial, long seq, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO outbox (sink, ref, serial, seq, state, attempts,"
                + " next_at, created_at, updated_at) SELECT name, ?, ?, ?, 'pending', 0, ?, ?, ? FROM sink"
                + " WHERE source = 'batch' AND enabled = TRUE")) {
            ps.setString(1, serial + "/" + seq);
            ps.setString(2, serial);
            ps.setLong(3, seq);
            ps.setLong(4, now);
            ps.setLong(5, now);
            ps.setLong(6, now);
            ps.executeUpdate();
        }
    }

    /** In the alert's transaction: one pending row per enabled alert-fed sink. */
    public static void enqueueAlert(Connection c, long alertId, String serial, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO outbox (sink, ref, serial, alert_id, state, attempts,"
                + " next_at, created_at, updated_at) SELECT name, ?, ?, ?, 'pending', 0, ?, ?, ? FROM sink"
                + " WHERE source = 'alert' AND enabled = TRUE")) {
            ps.setString(1, "alert/" + alertId);
            ps.setString(2, serial);
            ps.setLong(3, alertId);
            ps.setLong(4, now);
            ps.setLong(5, now);
            ps.setLong(6, now);
            ps.executeUpdate();
        }
    }
}
