package io.bufferhub.hub.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.bufferhub.hub.cdr.CallRecord;
import io.bufferhub.hub.cdr.CdrParser;
import io.bufferhub.hub.cdr.ParseContext;
import io.bufferhub.hub.cdr.ParseResult;
import io.bufferhub.hub.cdr.ParserSelection;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * What a sink receives for an outbox row. A batch: the body is a list of records, one map per captured line in
 * order — {@code serial, seq, lineNo, channel, raw, parser, parseError} and the call fields (null when the line did
 * not parse) ({@code callStart} as ISO-8601 UTC text, {@code callStartMs} epoch ms, {@code durationSeconds}, {@code ringSeconds},
 * {@code direction}, {@code caller}, {@code called}, {@code dialled}, {@code extension}, {@code trunk},
 * {@code accountCode}, {@code cost}, {@code callId}); the parser is chosen by device group and channel. An alert:
 * the body is the alert as a map. Headers are in {@link OutboxConstants}.
 */
public final class SinkPayloads {

    private final ParserSelection parsers;
    private final ZoneId zone;

    public SinkPayloads(ParserSelection parsers, ZoneId zone) {
        this.parsers = parsers;
        this.zone = zone;
    }

    void fill(Connection c, OutboxStore.Row row, Exchange exchange) throws SQLException {
        Message in = exchange.getIn();
        in.setHeader(OutboxConstants.SERIAL, row.serial());
        if (row.alertId() != null) {
            in.setBody(alert(c, row.alertId(), in));
            return;
        }
        in.setHeader(OutboxConstants.SEQ, row.seq());
        in.setBody(records(c, row.serial(), row.seq(), in));
    }

    /** The batch's lines, parsed (also used by the alert rules and the re-parse command). */
    public List<Map<String, Object>> records(Connection c, String serial, long seq, Message headers) throws SQLException {
        String channel;
        long receivedAt;
        String group;
        try (PreparedStatement ps = c.prepareStatement("SELECT b.channel, b.received_at, d.group_name FROM batch b"
                + " JOIN device d ON d.serial = b.serial WHERE b.serial = ? AND b.seq = ?")) {
            ps.setString(1, serial);
            ps.setLong(2, seq);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("batch " + serial + "/" + seq + " is not stored (device deleted?)");
                }
                channel = rs.getString(1);
                receivedAt = rs.getLong(2);
                group = rs.getString(3);
            }
        }
        if (headers != null) {
            headers.setHeader(OutboxConstants.CHANNEL, channel);
            headers.setHeader(OutboxConstants.RECEIVED_AT, receivedAt);
            if (group != null) {
                headers.setHeader(OutboxConstants.GROUP, group);
            }
        }
        CdrParser parser = parsers.select(group, channel);
        ParseContext ctx = new ParseContext(zone, Instant.ofEpochMilli(receivedAt));
        List<Map<String, Object>> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT line_no, raw_line FROM batch_record WHERE serial = ? AND seq = ? ORDER BY line_no")) {
            ps.setString(1, serial);
            ps.setLong(2, seq);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(record(serial, seq, rs.getInt(1), channel, rs.getString(2), parser, ctx));
                }
            }
        }
        return out;
    }

    static Map<String, Object> record(String serial, long seq, int lineNo, String channel, String raw, CdrParser parser,
                                      ParseContext ctx) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("serial", serial);
        r.put("seq", seq);
        r.put("lineNo", lineNo);
        r.put("channel", channel);
        r.put("raw", raw);
        r.put("parser", parser.name());
        ParseResult p = parser.parse(raw, ctx);
        r.put("parseError", p.error());
        CallRecord.putFields(r, p.call());
        return r;
    }

    private static Map<String, Object> alert(Connection c, long id, Message headers) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, rule, incident_key, serial, seq, line_no, summary,"
                + " mail_to, sms_to, created_at FROM alert WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("alert " + id + " is gone");
                }
                Map<String, Object> a = new LinkedHashMap<>();
                a.put("id", rs.getLong(1));
                a.put("rule", rs.getString(2));
                a.put("incident", rs.getString(3));
                a.put("serial", rs.getString(4));
                a.put("seq", rs.getObject(5));
                a.put("lineNo", rs.getObject(6));
                a.put("summary", rs.getString(7));
                a.put("mailTo", rs.getString(8));
                a.put("smsTo", rs.getString(9));
                a.put("createdAt", rs.getLong(10));
                headers.setHeader(OutboxConstants.ALERT_ID, a.get("id"));
                headers.setHeader(OutboxConstants.ALERT_RULE, a.get("rule"));
                headers.setHeader(OutboxConstants.ALERT_SUMMARY, a.get("summary"));
                if (a.get("seq") != null) {
                    headers.setHeader(OutboxConstants.SEQ, ((Number) a.get("seq")).longValue());
                }
                if (a.get("mailTo") != null) {
                    headers.setHeader(OutboxConstants.ALERT_MAIL_TO, a.get("mailTo"));
                }
                if (a.get("smsTo") != null) {
                    headers.setHeader(OutboxConstants.ALERT_SMS_TO, a.get("smsTo"));
                }
                return a;
            }
        }
    }
}
