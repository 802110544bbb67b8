package io.bufferhub.hub.redirect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import io.bufferhub.hub.store.Database;

/**
 * The redirect list in the database (table {@code redirect_rules}, one row): shared by every hub node on the same
 * database, with a version that goes up by one on every change so that nodes can notice a change by reading one
 * number instead of the whole list.
 */
public final class RedirectStore {

    /** The stored list (a JSON array written by {@link RedirectRules#toJsonText()}) and its version. */
    public record Stored(long version, String rules) {
    }

    private final Database db;

    public RedirectStore(Database db) {
        this.db = db;
    }

    /** The version only: the cheap check every node makes a few times a second. */
    public long version() throws SQLException {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT version FROM redirect_rules WHERE id = 1");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    public Stored read() throws SQLException {
        return db.withConnection(RedirectStore::read);
    }

    private static Stored read(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT version, rules FROM redirect_rules WHERE id = 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? new Stored(rs.getLong(1), rs.getString(2)) : new Stored(0, "[]");
        }
    }

    /**
     * Replaces the whole list and returns its new version. The row lock taken by the update orders concurrent
     * replacements: each gets its own version, and the last one committed is the list in force.
     */
    public long replace(String rulesJson) throws SQLException {
        long now = System.currentTimeMillis();
        return db.transaction(c -> {
            int changed;
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE redirect_rules SET version = version + 1, rules = ?, updated_at = ? WHERE id = 1")) {
                ps.setString(1, rulesJson);
                ps.setLong(2, now);
                changed = ps.executeUpdate();
            }
            if (changed == 0) { // the migration's row was deleted by hand: start it again
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO redirect_rules (id, version, rules, updated_at) VALUES (1, 1, ?, ?)")) {
                    ps.setString(1, rulesJson);
                    ps.setLong(2, now);
                    ps.executeUpdate();
                }
            }
            return read(c).version();
        });
    }
}
