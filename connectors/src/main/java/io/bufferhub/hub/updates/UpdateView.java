package io.bufferhub.hub.updates;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The operator view of one update (PROTOCOL.md §9): the target as published (a group stays a group, its members
 * are the devices listed) and the state each device reached, by serial.
 */
final class UpdateView {

    private UpdateView() {
    }

    static Optional<Map<String, Object>> load(Connection c, String id) throws SQLException {
        Map<String, Object> v = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT kind, version, target_serial, target_group,"
                + " payload_size, sha256, signature, created FROM update_item WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                v.put("id", id);
                v.put("kind", rs.getString(1));
                v.put("version", rs.getString(2));
                v.put("target", rs.getString(3) != null ? Map.of("serial", rs.getString(3))
                        : Map.of("group", rs.getString(4)));
                v.put("size", rs.getObject(5) == null ? null : rs.getLong(5));
                v.put("sha256", rs.getString(6));
                v.put("signature", rs.getString(7));
                v.put("created", rs.getLong(8));
            }
        }
        List<Map<String, Object>> devices = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT serial, state, detail, updated_at FROM update_state"
                + " WHERE update_id = ? ORDER BY serial")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> d = new LinkedHashMap<>();
                    d.put("serial", rs.getString(1));
                    d.put("state", rs.getString(2));
                    d.put("detail", rs.getString(3));
                    d.put("updatedAt", rs.getLong(4));
                    devices.add(d);
                }
            }
        }
        v.put("devices", devices);
        return Optional.of(v);
    }
}
