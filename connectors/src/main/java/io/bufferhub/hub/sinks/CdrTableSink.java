package io.bufferhub.hub.sinks;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import io.bufferhub.hub.outbox.OutboxConstants;
import io.bufferhub.hub.store.SqlParams;
import org.apache.camel.Exchange;
import org.apache.camel.Handler;

/**
 * The {@code cdr-table} sink: a batch's records into the hub's own {@code cdr} table, one row per line (a line
 * that did not parse is kept with {@code parse_error} set; its raw text stays in {@code batch_record} too). Runs
 * on a transacted outbox route, so the rows commit with the outbox row: exactly once. Re-running a batch
 * (re-parse after a parser change) replaces its rows.
 */
public final class CdrTableSink {

    private static final String INSERT = "INSERT INTO cdr (serial, seq, line_no, channel, parser, parse_error, call_start,"
            + " duration_s, ring_s, direction, caller, called, dialled, extension, trunk, account_code, cost, call_id,"
            + " raw_line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    @Handler
    @SuppressWarnings("unchecked")
    public void write(Exchange exchange) throws SQLException {
        Connection c = exchange.getIn().getHeader(OutboxConstants.CONNECTION, Connection.class);
        if (c == null) {
            throw new IllegalStateException("cdr-table needs a transacted outbox route (outbox:...?transacted=true)");
        }
        write(c, exchange.getIn().getHeader(OutboxConstants.SERIAL, String.class),
                exchange.getIn().getHeader(OutboxConstants.SEQ, Long.class), exchange.getIn().getBody(List.class));
    }

    /** Replaces the rows of one batch with {@code records} (as SinkPayloads builds them). */
    public static void write(Connection c, String serial, long seq, List<Map<String, Object>> records) throws SQLException {
        try (PreparedStatement del = c.prepareStatement("DELETE FROM cdr WHERE serial = ? AND seq = ?")) {
            del.setString(1, serial);
            del.setLong(2, seq);
            del.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (Map<String, Object> r : records) {
                ps.setString(1, serial);
                ps.setLong(2, seq);
                ps.setInt(3, (Integer) r.get("lineNo"));
                ps.setString(4, (String) r.get("channel"));
                ps.setString(5, (String) r.get("parser"));
                String error = (String) r.get("parseError");
                ps.setString(6, error == null ? null : error.length() > 300 ? error.substring(0, 300) : error);
                SqlParams.setNullableLong(ps, 7, (Long) r.get("callStartMs"));
                SqlParams.setNullableInt(ps, 8, (Integer) r.get("durationSeconds"));
                SqlParams.setNullableInt(ps, 9, (Integer) r.get("ringSeconds"));
                ps.setString(10, (String) r.get("direction"));
                ps.setString(11, (String) r.get("caller"));
                ps.setString(12, (String) r.get("called"));
                ps.setString(13, (String) r.get("dialled"));
                ps.setString(14, (String) r.get("extension"));
                ps.setString(15, (String) r.get("trunk"));
                ps.setString(16, (String) r.get("accountCode"));
                ps.setBigDecimal(17, (BigDecimal) r.get("cost"));
                ps.setString(18, (String) r.get("callId"));
                ps.setString(19, (String) r.get("raw"));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
