package io.bufferhub.hub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.bufferhub.common.Problem;

/**
 * The capture channels each device has used (at most {@code max}, PROTOCOL.md §3). Known channels are
 * remembered in memory after commit, so the usual push costs no query; a new channel is checked and recorded
 * in the storing transaction.
 */
final class ChannelBook {

    private final int max;
    private final ConcurrentHashMap<String, Set<String>> known = new ConcurrentHashMap<>();

    ChannelBook(int max) {
        this.max = max;
    }

    void require(Connection c, String serial, String channel) throws SQLException {
        Set<String> cached = known.get(serial);
        if (cached != null && cached.contains(channel)) {
            return;
        }
        List<String> stored = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT channel FROM device_channel WHERE serial = ?")) {
            ps.setString(1, serial);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stored.add(rs.getString(1));
                }
            }
        }
        if (stored.contains(channel)) {
            return;
        }
        if (stored.size() >= max) {
            throw Problem.badRequest("too-many-channels", "X-Channel: a device has at most " + max
                    + " channels and already uses " + String.join(", ", stored));
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO device_channel (serial, channel) VALUES (?, ?)")) {
            ps.setString(1, serial);
            ps.setString(2, channel);
            ps.executeUpdate();
        }
    }

    /** Called after the transaction that used {@code channel} committed. */
    void remember(String serial, String channel) {
        known.computeIfAbsent(serial, s -> ConcurrentHashMap.newKeySet()).add(channel);
    }
}
