package io.bufferhub.hub.alerts;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.bufferhub.hub.cdr.CallRecord;
import io.bufferhub.hub.outbox.OutboxConstants;
import io.bufferhub.hub.store.OutboxWrites;
import io.bufferhub.hub.store.SqlParams;
import org.apache.camel.Exchange;
import org.apache.camel.Handler;

/**
 * Runs the alert rules once per stored batch (the {@code alert-rules} sink, transacted) and raises alerts: call
 * rules ({@link AlertRules}), toll-fraud bursts (candidate calls kept in {@code fraud_call}), and the batch's health
 * (buffer ≥ threshold, bytes lost, a seq gap). An alert is one row plus one outbox row per alert-fed sink (mail,
 * SMS, …), all in the batch's outbox transaction, so each alert is raised exactly once. Repeats of an incident
 * within the hold-off only count ({@code alert_incident.repeats}): one incident, one message, not a storm.
 */
public final class AlertBook {

    private final AlertRules rules;
    private final AlertRecipients recipients;
    private final double bufferHighPercent;

    public AlertBook(AlertRules rules, AlertRecipients recipients, double bufferHighPercent) {
        this.rules = rules;
        this.recipients = recipients;
        this.bufferHighPercent = bufferHighPercent;
    }

    @Handler
    @SuppressWarnings("unchecked")
    public int evaluate(Exchange exchange) throws SQLException {
        Connection c = exchange.getIn().getHeader(OutboxConstants.CONNECTION, Connection.class);
        if (c == null) {
            throw new IllegalStateException("alert rules need a transacted outbox route (outbox:...?transacted=true)");
        }
        return evaluate(c, exchange.getIn().getHeader(OutboxConstants.SERIAL, String.class),
                exchange.getIn().getHeader(OutboxConstants.SEQ, Long.class), exchange.getIn().getBody(List.class),
                System.currentTimeMillis());
    }

    /** Raises the batch's alerts; returns how many were raised (held-off repeats not counted). */
    public int evaluate(Connection c, String serial, long seq, List<Map<String, Object>> records, long now)
            throws SQLException {
        if (!markEvaluated(c, serial, seq)) {
            return 0;
        }
        int raised = 0;
        Map<String, List<Instant>> fraudByExtension = new HashMap<>();
        for (Map<String, Object> r : records) {
            CallRecord call = callOf(r);
            if (call == null) {
                continue;
            }
            for (CallAlert a : rules.match(call)) {
                raised += raise(c, a.rule(), a.incidentKey() + "|" + serial, serial, seq, (Integer) r.get("lineNo"),
                        serial + ": " + a.summary(), now);
            }
            if (rules.isFraudCandidate(call) && call.callStart() != null && call.extension() != null) {
                fraudByExtension.computeIfAbsent(call.extension(), e -> new ArrayList<>()).add(call.callStart());
            }
        }
        if (!fraudByExtension.isEmpty()) {
            raised += bursts(c, serial, seq, fraudByExtension, now);
        }
        return raised + batchHealth(c, serial, seq, now);
    }

    /**
     * Records this batch's fraud candidates and counts, per extension, the candidates within the burst window
     * around them (one indexed query each: linear in the fleet's traffic, not in the device's history).
     */
    private int bursts(Connection c, String serial, long seq, Map<String, List<Instant>> fresh, long now)
            throws SQLException {
        Duration window = rules.burstWindow();
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO fraud_call (serial, seq, line_no, extension, call_start) VALUES (?, ?, ?, ?, ?)")) {
            int line = 0;
            for (Map.Entry<String, List<Instant>> e : fresh.entrySet()) {
                for (Instant start : e.getValue()) {
                    ps.setString(1, serial);
                    ps.setLong(2, seq);
                    ps.setInt(3, line++); // a running number: the key only has to be unique within the batch
                    ps.setString(4, e.getKey());
                    ps.setLong(5, start.toEpochMilli());
                    ps.addBatch();
                }
            }
            ps.executeBatch();
        }
        try (PreparedStatement prune = c.prepareStatement("DELETE FROM fraud_call WHERE serial = ? AND call_start < ?")) {
            prune.setString(1, serial);
            prune.setLong(2, now - Duration.ofDays(1).toMillis() - window.toMillis());
            prune.executeUpdate();
        }
        int raised = 0;
        for (Map.Entry<String, List<Instant>> e : fresh.entrySet()) {
            List<Instant> mine = e.getValue().stream().sorted().toList();
            List<Long> starts = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT call_start FROM fraud_call WHERE serial = ?"
                    + " AND extension = ? AND call_start BETWEEN ? AND ? ORDER BY call_start")) {
                ps.setString(1, serial);
                ps.setString(2, e.getKey());
                ps.setLong(3, mine.get(0).minus(window).toEpochMilli());
                ps.setLong(4, mine.get(mine.size() - 1).plus(window).toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        starts.add(rs.getLong(1));
                    }
                }
            }
            for (int i = 0; i + rules.burstCalls() - 1 < starts.size(); i++) {
                long first = starts.get(i);
                if (starts.get(i + rules.burstCalls() - 1) - first <= window.toMillis()) {
                    raised += raise(c, AlertRuleNames.FRAUD_BURST, AlertRuleNames.FRAUD_BURST + "|" + serial + "|" + e.getKey(),
                            serial, seq, null, serial + ": possible toll fraud, " + rules.burstCalls()
                                    + " international/premium calls from extension " + e.getKey() + " within "
                                    + window.toMinutes() + " min (from " + Instant.ofEpochMilli(first) + ")", now);
                    break;
                }
            }
        }
        return raised;
    }

    private int batchHealth(Connection c, String serial, long seq, long now) throws SQLException {
        int raised = 0;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT buffer_used, lost_bytes, received_at FROM batch WHERE serial = ? AND seq = ?")) {
            ps.setString(1, serial);
            ps.setLong(2, seq);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return 0;
                }
                double used = rs.getDouble(1);
                boolean usedKnown = !rs.wasNull();
                long lost = rs.getLong(2);
                long receivedAt = rs.getLong(3);
                if (usedKnown && used >= bufferHighPercent) { // X-Buffer-Used is a percentage
                    raised += raise(c, AlertRuleNames.BUFFER_HIGH, AlertRuleNames.BUFFER_HIGH + "|" + serial, serial, seq,
                            null, serial + ": device buffer " + Math.round(used) + " % full", now);
                }
                if (lost > 0) {
                    raised += raise(c, AlertRuleNames.BYTES_LOST, AlertRuleNames.BYTES_LOST + "|" + serial, serial, seq,
                            null, serial + ": " + lost + " bytes lost on the device before seq " + seq, now);
                }
                try (PreparedStatement gap = c.prepareStatement("SELECT detail FROM device_event WHERE serial = ?"
                        + " AND kind = 'batch-gap' AND at = ?")) {
                    gap.setString(1, serial);
                    gap.setLong(2, receivedAt);
                    try (ResultSet g = gap.executeQuery()) {
                        if (g.next()) {
                            raised += raise(c, AlertRuleNames.BATCH_GAP, AlertRuleNames.BATCH_GAP + "|" + serial, serial,
                                    seq, null, serial + ": batch gap, " + g.getString(1), now);
                        }
                    }
                }
            }
        }
        return raised;
    }

    /**
     * Raises one alert unless its incident fired within the hold-off (then it only counts the repeat);
     * returns 1 when raised, 0 when held off (so callers can add them up).
     */
    public int raise(Connection c, String rule, String incident, String serial, Long seq, Integer lineNo, String summary,
                      long now) throws SQLException {
        String key = incident.length() > 200 ? incident.substring(0, 200) : incident;
        Long last = null;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT last_alert FROM alert_incident WHERE incident_key = ? FOR UPDATE")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    last = rs.getLong(1);
                }
            }
        }
        if (last != null && now - last < rules.holdOff().toMillis()) {
            exec(c, "UPDATE alert_incident SET repeats = repeats + 1 WHERE incident_key = ?", key);
            return 0;
        }
        if (last == null) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO alert_incident (incident_key, last_alert, repeats) VALUES (?, ?, 0)")) {
                ps.setString(1, key);
                ps.setLong(2, now);
                ps.executeUpdate();
            }
        } else {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE alert_incident SET last_alert = ?, repeats = 0 WHERE incident_key = ?")) {
                ps.setLong(1, now);
                ps.setString(2, key);
                ps.executeUpdate();
            }
        }
        long id;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO alert (rule, incident_key, serial, seq, line_no, summary,"
                + " mail_to, sms_to, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, rule);
            ps.setString(2, key);
            ps.setString(3, serial);
            SqlParams.setNullableLong(ps, 4, seq);
            SqlParams.setNullableInt(ps, 5, lineNo);
            ps.setString(6, SafeText.headerSafe(summary, 500));
            ps.setString(7, recipients.mailTo(rule));
            ps.setString(8, recipients.smsTo(rule));
            ps.setLong(9, now);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
        }
        OutboxWrites.enqueueAlert(c, id, serial, now);
        return 1;
    }

    private static boolean markEvaluated(Connection c, String serial, long seq) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO alert_evaluated (serial, seq) SELECT ?, ?"
                + " WHERE NOT EXISTS (SELECT 1 FROM alert_evaluated WHERE serial = ? AND seq = ?)")) {
            ps.setString(1, serial);
            ps.setLong(2, seq);
            ps.setString(3, serial);
            ps.setLong(4, seq);
            return ps.executeUpdate() == 1;
        }
    }

    private static void exec(Connection c, String sql, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, key);
            ps.executeUpdate();
        }
    }

    /** The call of a record map (null when the line did not parse). */
    static CallRecord callOf(Map<String, Object> r) {
        if (r.get("parseError") != null) {
            return null;
        }
        Long startMs = (Long) r.get("callStartMs");
        return new CallRecord(startMs == null ? null : Instant.ofEpochMilli(startMs), (Integer) r.get("durationSeconds"),
                (Integer) r.get("ringSeconds"), (String) r.get("direction"), (String) r.get("caller"),
                (String) r.get("called"), (String) r.get("dialled"), (String) r.get("extension"), (String) r.get("trunk"),
                (String) r.get("accountCode"), (BigDecimal) r.get("cost"), (String) r.get("callId"));
    }
}
