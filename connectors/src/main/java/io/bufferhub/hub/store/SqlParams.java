package io.bufferhub.hub.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/** Binds optional values: {@code setObject(i, null)} is not portable (PostgreSQL cannot type an untyped null). */
public final class SqlParams {

    private SqlParams() {
    }

    public static void setNullableLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }

    public static void setNullableInt(PreparedStatement ps, int index, Integer value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setInt(index, value);
        }
    }
}
