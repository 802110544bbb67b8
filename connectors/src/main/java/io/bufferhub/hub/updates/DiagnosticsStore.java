package io.bufferhub.hub.updates;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import io.bufferhub.hub.store.Database;

/**
 * Diagnostics bundles (PROTOCOL.md §7), kept as received. (serial, id) is the idempotency key: a device that
 * lost our answer uploads the same id again and the first copy stays.
 */
public class DiagnosticsStore {

    /** SQLSTATE of a unique-key violation, the same on H2 and PostgreSQL. */
    private static final String UNIQUE_VIOLATION = "23505";

    private final Database db;

    public DiagnosticsStore(Database db) {
        this.db = db;
    }

    /** Stores the bundle unless (serial, id) is already there; true when stored now. */
    public boolean store(String serial, String id, byte[] body) throws SQLException {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM diagnostics WHERE serial = ? AND id = ?")) {
                ps.setString(1, serial);
                ps.setString(2, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return false;
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO diagnostics (serial, id, body, received_at) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, serial);
                ps.setString(2, id);
                ps.setBytes(3, body);
                ps.setLong(4, System.currentTimeMillis());
                ps.executeUpdate();
                return true;
            } catch (SQLException e) {
                if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    return false; // the same upload raced us and won: still one copy
                }
                throw e;
            }
        });
    }
}
