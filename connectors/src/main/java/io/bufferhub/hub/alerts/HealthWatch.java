package io.bufferhub.hub.alerts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

import io.bufferhub.hub.ping.HeartbeatBook;
import io.bufferhub.hub.store.Database;
import org.apache.camel.Handler;

/**
 * Device health that no batch announces, checked on a timer (route {@code alert-health}): a device offline (no
 * push or ping for {@code alerts.offline.minutes}), a channel quiet (no batch for {@code alerts.quiet.minutes}
 * while the device is otherwise alive — the PBX stopped printing or the cable is out), and the firewall flag
 * (heartbeat average ≤ 540 s, PROTOCOL.md §4). Conditions last, so the incident hold-off makes each one alert
 * again at most once per hold-off while it lasts. Safe on several hub nodes: incidents are locked rows.
 */
public final class HealthWatch {

    private final Database db;
    private final AlertBook book;
    private final Duration offline;
    private final Duration quiet;

    public HealthWatch(Database db, AlertBook book, Duration offline, Duration quiet) {
        this.db = db;
        this.book = book;
        this.offline = offline;
        this.quiet = quiet;
    }

    @Handler
    public int check() throws SQLException {
        long now = System.currentTimeMillis();
        return db.transaction(c -> offline(c, now) + quiet(c, now) + firewall(c, now));
    }

    private int offline(Connection c, long now) throws SQLException {
        int n = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT serial, last_seen FROM device WHERE enabled = TRUE"
                + " AND last_seen IS NOT NULL AND last_seen < ?")) {
            ps.setLong(1, now - offline.toMillis());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String serial = rs.getString(1);
                    n += book.raise(c, AlertRuleNames.DEVICE_OFFLINE, AlertRuleNames.DEVICE_OFFLINE + "|" + serial, serial,
                            null, null, serial + ": device offline, last seen " + Instant.ofEpochMilli(rs.getLong(2)),
                            now);
                }
            }
        }
        return n;
    }

    /**
     * Channels whose newest batch (of the last day) is older than the quiet time while the device itself was seen
     * after it (it pings or pushes other channels): the box is fine, the PBX or its cable is not.
     */
    private int quiet(Connection c, long now) throws SQLException {
        int n = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT b.serial, b.channel, MAX(b.received_at) FROM batch b"
                + " JOIN device d ON d.serial = b.serial WHERE d.enabled = TRUE AND b.received_at >= ?"
                + " GROUP BY b.serial, b.channel, d.last_seen HAVING MAX(b.received_at) < ? AND d.last_seen > MAX(b.received_at)")) {
            ps.setLong(1, now - Duration.ofDays(1).toMillis());
            ps.setLong(2, now - quiet.toMillis());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String serial = rs.getString(1);
                    String channel = rs.getString(2);
                    n += book.raise(c, AlertRuleNames.CHANNEL_QUIET, AlertRuleNames.CHANNEL_QUIET + "|" + serial + "|"
                            + channel, serial, null, null, serial + ": channel " + channel + " quiet since "
                            + Instant.ofEpochMilli(rs.getLong(3)), now);
                }
            }
        }
        return n;
    }

    private int firewall(Connection c, long now) throws SQLException {
        int n = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT serial, heartbeat_last, heartbeat_history FROM device"
                + " WHERE enabled = TRUE AND heartbeat_history IS NOT NULL")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int last = rs.getInt(2);
                    HeartbeatBook.Heartbeats hb = HeartbeatBook.Heartbeats.of(rs.wasNull() ? null : last, rs.getString(3));
                    if (hb.firewallSuspect()) {
                        String serial = rs.getString(1);
                        n += book.raise(c, AlertRuleNames.FIREWALL, AlertRuleNames.FIREWALL + "|" + serial, serial, null,
                                null, serial + ": a firewall drops idle connections early (heartbeat average ≤ 540 s)",
                                now);
                    }
                }
            }
        }
        return n;
    }
}
