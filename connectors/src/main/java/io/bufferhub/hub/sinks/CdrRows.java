package io.bufferhub.hub.sinks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the hub's {@code cdr} table for the operator API. */
final class CdrRows {

    private static final String[][] COLUMNS = {{"seq", "seq"}, {"line_no", "lineNo"}, {"channel", "channel"},
        {"parser", "parser"}, {"parse_error", "parseError"}, {"call_start", "callStartMs"}, {"duration_s", "durationSeconds"},
        {"ring_s", "ringSeconds"}, {"direction", "direction"}, {"caller", "caller"}, {"called", "called"},
        {"dialled", "dialled"}, {"extension", "extension"}, {"trunk", "trunk"}, {"account_code", "accountCode"},
        {"cost", "cost"}, {"call_id", "callId"}, {"raw_line", "raw"}};

    private CdrRows() {
    }

    static Map<String, Object> newest(Connection c, String serial, int limit) throws SQLException {
        StringBuilder cols = new StringBuilder();
        for (String[] col : COLUMNS) {
            cols.append(cols.length() == 0 ? "" : ", ").append(col[0]);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + cols + " FROM cdr WHERE serial = ?"
                + " ORDER BY seq DESC, line_no DESC LIMIT ?")) {
            ps.setString(1, serial);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 0; i < COLUMNS.length; i++) {
                        Object v = rs.getObject(i + 1);
                        if (v != null) {
                            row.put(COLUMNS[i][1], md.getColumnType(i + 1) == Types.CLOB ? rs.getString(i + 1) : v);
                        }
                    }
                    rows.add(row);
                }
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("serial", serial);
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), COUNT(parse_error) FROM cdr WHERE serial = ?")) {
            ps.setString(1, serial);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                out.put("parsed", rs.getLong(1) - rs.getLong(2));
                out.put("unparsed", rs.getLong(2));
            }
        }
        out.put("records", rows);
        return out;
    }
}
