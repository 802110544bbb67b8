package io.bufferhub.hub.updates;

import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.bufferhub.common.Identifiers;
import io.bufferhub.common.Json;
import io.bufferhub.common.Problem;
import io.bufferhub.hub.ingest.JsonResponses;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Camel bean behind the device side of updates (PROTOCOL.md §5): check-in, payload download and status
 * reports. DeviceGuard has authenticated the device for the path serial, so every lookup is scoped to it: an id
 * published to another device is indistinguishable from an unknown one ({@code 404}).
 *
 * <p>Downloads are resumable: the payload of an id never changes, so its sha256 is a strong {@code ETag} and
 * {@code Range}/{@code If-Range} can be honoured; a device that already has the bytes gets {@code 304}.
 */
public class UpdateDevice {

    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);

    private final UpdateStore store;
    private final int minHeartbeat;
    private final int maxHeartbeat;

    public UpdateDevice(UpdateStore store, int minHeartbeat, int maxHeartbeat) {
        this.store = store;
        this.minHeartbeat = minHeartbeat;
        this.maxHeartbeat = maxHeartbeat;
    }

    /** {@code GET …/updates} → {@code {"updates":[…],"heartbeat":{"min","max"},"serverTime"}}, at once. */
    public void checkIn(Exchange exchange) throws SQLException {
        String serial = Identifiers.requireSerial(exchange.getMessage().getHeader("serial", String.class), "serial");
        Map<String, Object> heartbeat = new LinkedHashMap<>();
        heartbeat.put("min", minHeartbeat);
        heartbeat.put("max", maxHeartbeat);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("updates", store.pendingFor(serial));
        answer.put("heartbeat", heartbeat);
        JsonResponses.send(exchange, 200, answer);
    }

    /** {@code GET …/updates/{id}/payload}: 200, 206 (one range), 304 or 416; conditionals per RFC 9110 §13.2.2. */
    public void payload(Exchange exchange) throws SQLException {
        Message in = exchange.getMessage();
        String serial = Identifiers.requireSerial(in.getHeader("serial", String.class), "serial");
        String id = in.getHeader("id", String.class);
        Optional<UpdateStore.PayloadInfo> found =
                Identifiers.isSerial(id) ? store.payloadInfo(serial, id) : Optional.empty();
        UpdateStore.PayloadInfo info = found.orElseThrow(() -> UpdateStore.notPublishedTo(serial, id));
        String etag = "\"" + info.sha256() + "\"";
        String lastModified = HTTP_DATE.format(
                ZonedDateTime.ofInstant(Instant.ofEpochMilli(info.created()), ZoneOffset.UTC));
        String ifNoneMatch = in.getHeader("If-None-Match", String.class);
        String ifRange = in.getHeader("If-Range", String.class);
        String rangeHeader = in.getHeader("Range", String.class);

        Message out = exchange.getMessage();
        out.getHeaders().clear();
        out.setHeader("ETag", etag);
        out.setHeader("Last-Modified", lastModified);
        out.setHeader("Accept-Ranges", "bytes");
        if (ifNoneMatch != null && noneMatchHits(ifNoneMatch, etag)) {
            out.setHeader(Exchange.HTTP_RESPONSE_CODE, 304);
            out.setBody(null);
            return;
        }
        ByteRange range = rangeHeader != null && ifRangeHolds(ifRange, etag, info.created())
                ? ByteRange.parse(rangeHeader, info.size()) : ByteRange.parse(null, info.size());
        switch (range.kind()) {
            case UNSATISFIABLE -> {
                Problem p = new Problem(416, "range-not-satisfiable", "Range Not Satisfiable", "Range: "
                        + rangeHeader + " lies beyond the payload of " + info.size() + " bytes");
                out.setHeader(Exchange.HTTP_RESPONSE_CODE, 416);
                out.setHeader("Content-Range", ByteRange.unsatisfiedRange(info.size()));
                out.setHeader(Exchange.CONTENT_TYPE, "application/problem+json");
                out.setBody(Json.write(p.toMap()));
            }
            case PARTIAL -> {
                out.setHeader(Exchange.HTTP_RESPONSE_CODE, 206);
                out.setHeader("Content-Range", range.contentRange(info.size()));
                out.setHeader(Exchange.CONTENT_TYPE, contentType(info, null));
                out.setBody(store.payloadBytes(id, range.first(), range.length()));
            }
            case WHOLE -> {
                byte[] whole = store.payloadBytes(id, 0, info.size());
                out.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
                out.setHeader(Exchange.CONTENT_TYPE, contentType(info, whole));
                out.setBody(whole);
            }
        }
    }

    /** {@code POST …/updates/{id}/status} {@code {"state","detail"}} → 204; 409 after a final state. */
    public void status(Exchange exchange) throws SQLException {
        Message in = exchange.getMessage();
        String serial = Identifiers.requireSerial(in.getHeader("serial", String.class), "serial");
        String id = in.getHeader("id", String.class);
        if (!Identifiers.isSerial(id)) {
            throw UpdateStore.notPublishedTo(serial, id);
        }
        // unknown fields are ignored: a newer agent may report more than this hub knows
        Map<String, Object> body = Json.readObject(in.getBody(byte[].class));
        Object stateValue = body.get("state");
        if (stateValue == null) {
            throw Problem.badRequest("missing-field", "state: required (downloaded, applied, failed or rejected)");
        }
        UpdateState state = stateValue instanceof String s ? UpdateState.fromWire(s).orElse(null) : null;
        if (state == null || !state.reportable()) {
            throw Problem.badRequest("malformed-field", "state: one of downloaded, applied, failed, rejected");
        }
        Object detail = body.get("detail");
        if (detail != null && !(detail instanceof String)) {
            throw Problem.badRequest("malformed-field", "detail: must be a string");
        }
        store.report(serial, id, state, (String) detail);
        Message out = exchange.getMessage();
        out.getHeaders().clear();
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
        out.setBody(null);
    }

    /**
     * The bytes are served as stored; only a command says what it is: JSON (object or string) or a bare word as
     * text. {@code whole} is the payload when already read; a command is small, so a range request reads it all.
     */
    private String contentType(UpdateStore.PayloadInfo info, byte[] whole) throws SQLException {
        if (info.kind() != UpdateKind.COMMAND) {
            return "application/octet-stream";
        }
        byte[] command = whole != null ? whole : store.payloadBytes(info.id(), 0, info.size());
        return CommandPayload.isJson(command) ? "application/json" : "text/plain; charset=UTF-8";
    }

    /** If-None-Match with weak comparison (RFC 9110 §13.1.2): {@code *} or any listed tag equal to ours. */
    static boolean noneMatchHits(String header, String etag) {
        for (String tag : header.split(",")) {
            String t = tag.trim();
            if (t.equals("*")) {
                return true;
            }
            if (t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (t.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    /**
     * If-Range (RFC 9110 §13.1.5): absent, our strong ETag, or exactly our Last-Modified date → the range applies;
     * anything else means the device holds other bytes, so it gets the whole payload.
     */
    static boolean ifRangeHolds(String header, String etag, long createdMillis) {
        if (header == null) {
            return true;
        }
        String h = header.trim();
        if (h.startsWith("\"") || h.startsWith("W/")) {
            return h.equals(etag); // strong comparison: a weak tag never matches
        }
        try {
            Instant date = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return date.equals(Instant.ofEpochMilli(createdMillis).truncatedTo(ChronoUnit.SECONDS));
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
