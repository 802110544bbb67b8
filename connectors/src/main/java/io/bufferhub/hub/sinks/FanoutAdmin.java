package io.bufferhub.hub.sinks;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.bufferhub.common.Identifiers;
import io.bufferhub.common.Problem;
import io.bufferhub.hub.ingest.JsonRequests;
import io.bufferhub.hub.ingest.JsonResponses;
import io.bufferhub.hub.outbox.OutboxStore;
import io.bufferhub.hub.outbox.SinkPayloads;
import io.bufferhub.hub.store.Database;
import org.apache.camel.Exchange;

/**
 * Operator API of the fan-out: dead letters ({@code GET /admin/deadletters[?sink=S]},
 * {@code POST /admin/deadletters/{id}/retry}), sinks ({@code GET /admin/sinks}, retire and re-enable with
 * {@code DELETE}/{@code PUT /admin/sinks/{name}}) and the re-parse of a device's stored batches after a parser change
 * ({@code POST /admin/reparse}).
 */
public final class FanoutAdmin {

    private static final int REPARSE_LIMIT = 100_000;

    private final OutboxStore outbox;
    private final SinkPayloads payloads;

    public FanoutAdmin(OutboxStore outbox, SinkPayloads payloads) {
        this.outbox = outbox;
        this.payloads = payloads;
    }

    public void deadLetters(Exchange exchange) throws SQLException {
        String sink = exchange.getMessage().getHeader("sink", String.class);
        if (sink != null && !Identifiers.isSerial(sink)) {
            throw Problem.badRequest("malformed-query", "sink: 1-64 of A-Z a-z 0-9 . _ -");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("deadLetters", outbox.deadLetters(sink, 500));
        JsonResponses.send(exchange, 200, body);
    }

    public void retry(Exchange exchange) throws SQLException {
        String id = exchange.getMessage().getHeader("id", String.class);
        long n;
        try {
            n = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw Problem.badRequest("malformed-path", "id: a dead letter id is a number, got '" + id + "'");
        }
        String state = outbox.retry(n);
        if (state == null) {
            throw new Problem(404, "deadletter-not-found", "Not Found", "id: " + n + " is not a dead letter");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", n);
        body.put("state", state); // retired when its sink is retired: delivered once the sink is re-enabled
        JsonResponses.send(exchange, 200, body);
    }

    public void sinks(Exchange exchange) throws SQLException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sinks", outbox.sinkCounts());
        JsonResponses.send(exchange, 200, body);
    }

    /**
     * {@code DELETE /admin/sinks/{name}} retires a sink: no rows for new batches or alerts, its pending rows kept as
     * {@code retired} (not delivered, not a backlog). {@code PUT /admin/sinks/{name} {"enabled":true}} re-enables it
     * and its retired rows are delivered; {@code {"enabled":false}} is the same as DELETE. Both answer the sink's
     * state and how many rows changed ({@code retiredRows} / {@code reenabledRows}); an unknown sink is a 404 (sinks register when a route starts).
     */
    public void changeSink(Exchange exchange) throws SQLException {
        String name = exchange.getMessage().getHeader("name", String.class);
        if (name == null || !Identifiers.isSerial(name)) {
            throw Problem.badRequest("malformed-path", "name: a sink name is 1-64 of A-Z a-z 0-9 . _ -");
        }
        boolean enabled = false;
        if ("PUT".equals(exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class))) {
            Map<String, Object> req = JsonRequests.readObject(exchange, "the sink");
            for (String key : req.keySet()) {
                if (!key.equals("enabled")) {
                    throw Problem.badRequest("unknown-field", key + ": unknown field (allowed: enabled)");
                }
            }
            if (!(req.get("enabled") instanceof Boolean b)) {
                throw Problem.badRequest("malformed-field", "enabled: required, true or false");
            }
            enabled = b;
        }
        Integer moved = outbox.setEnabled(name, enabled);
        if (moved == null) {
            throw new Problem(404, "sink-not-found", "Not Found", "name: no sink '" + name + "' is registered");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("enabled", enabled);
        body.put(enabled ? "reenabledRows" : "retiredRows", moved); // rows moved retired → pending, or back
        JsonResponses.send(exchange, 200, body);
    }

    /**
     * {@code GET /admin/cdr?serial=S[&limit=N]} → the device's newest parsed call rows (at most 500), with
     * {@code parsed}/{@code unparsed} totals: what the {@code cdr-table} sink made of its lines.
     */
    public void cdr(Exchange exchange) throws SQLException {
        String serial = exchange.getMessage().getHeader("serial", String.class);
        if (serial == null || !Identifiers.isSerial(serial)) {
            throw Problem.badRequest("malformed-query", "serial: required, 1-64 of A-Z a-z 0-9 . _ -");
        }
        String limitText = exchange.getMessage().getHeader("limit", "50", String.class);
        int limit;
        try {
            limit = Math.max(1, Math.min(500, Integer.parseInt(limitText)));
        } catch (NumberFormatException e) {
            throw Problem.badRequest("malformed-query", "limit: a whole number, got '" + limitText + "'");
        }
        Map<String, Object> body = outbox.database().withConnection(c -> CdrRows.newest(c, serial, limit));
        JsonResponses.send(exchange, 200, body);
    }

    /**
     * {@code POST /admin/reparse {"serial","from","to"}} (epoch ms of receipt, both optional): the batches'
     * rows in the {@code cdr} table are rebuilt with the parser configured now, one transaction per batch.
     */
    public void reparse(Exchange exchange) throws SQLException {
        Map<String, Object> req = JsonRequests.readObject(exchange, "the re-parse request");
        String serial = req.get("serial") instanceof String s ? s : null;
        if (serial == null || !Identifiers.isSerial(serial)) {
            throw Problem.badRequest("malformed-body", "serial: required, 1-64 of A-Z a-z 0-9 . _ -");
        }
        long from = number(req, "from", 0);
        long to = number(req, "to", Long.MAX_VALUE);
        Database db = outbox.database();
        List<Long> seqs = db.withConnection(c -> {
            List<Long> s = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT seq FROM batch WHERE serial = ? AND received_at >= ?"
                    + " AND received_at <= ? ORDER BY seq LIMIT " + REPARSE_LIMIT)) {
                ps.setString(1, serial);
                ps.setLong(2, from);
                ps.setLong(3, to);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        s.add(rs.getLong(1));
                    }
                }
            }
            return s;
        });
        long lines = 0;
        long unparsed = 0;
        for (long seq : seqs) {
            List<Map<String, Object>> records = db.transaction(c -> {
                List<Map<String, Object>> r = payloads.records(c, serial, seq, null);
                CdrTableSink.write(c, serial, seq, r);
                return r;
            });
            lines += records.size();
            unparsed += records.stream().filter(r -> r.get("parseError") != null).count();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("serial", serial);
        body.put("batches", seqs.size());
        body.put("lines", lines);
        body.put("unparsed", unparsed);
        JsonResponses.send(exchange, 200, body);
    }

    private static long number(Map<String, Object> req, String field, long fallback) {
        Object v = req.get(field);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Integer || v instanceof Long)) {
            throw Problem.badRequest("malformed-body", field + ": epoch milliseconds expected");
        }
        return ((Number) v).longValue();
    }
}
