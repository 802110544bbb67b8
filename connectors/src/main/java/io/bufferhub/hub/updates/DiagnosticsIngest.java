package io.bufferhub.hub.updates;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

import io.bufferhub.common.Identifiers;
import io.bufferhub.common.Json;
import io.bufferhub.common.Problem;
import io.bufferhub.hub.ingest.JsonResponses;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Camel bean behind {@code POST /bpp/v1/devices/{serial}/diagnostics/{id}} (PROTOCOL.md §7). The device is
 * already authenticated for the path serial by DeviceGuard. A bundle is a JSON object of at most 1 MiB: it is
 * checked so that operators can always read what was stored, and bounded because diagnostics are a summary,
 * not a way around the batch path.
 */
public class DiagnosticsIngest {

    public static final int MAX_BYTES = 1024 * 1024;

    private final DiagnosticsStore store;

    public DiagnosticsIngest(DiagnosticsStore store) {
        this.store = store;
    }

    /** 201 when stored now, 200 {@code "duplicate":true} when this id was stored before (the first copy stays). */
    public void ingest(Exchange exchange) throws SQLException {
        Message in = exchange.getMessage();
        String serial = Identifiers.requireSerial(in.getHeader("serial", String.class), "serial");
        String id = in.getHeader("id", String.class);
        if (!Identifiers.isSerial(id)) {
            throw Problem.badRequest("malformed-id", "id: a diagnostics id is 1-64 characters of A-Z a-z 0-9 . _ -");
        }
        byte[] body = in.getBody(byte[].class);
        if (body != null && body.length > MAX_BYTES) {
            throw new Problem(413, "payload-too-large", "Content Too Large",
                    "body: a diagnostics bundle is at most " + MAX_BYTES + " bytes, got " + body.length);
        }
        Json.readObject(body); // 400 unless a JSON object
        boolean created = store.store(serial, id, body);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("serial", serial);
        answer.put("id", id);
        answer.put("bytes", body.length);
        answer.put("duplicate", !created);
        JsonResponses.send(exchange, created ? 201 : 200, answer);
    }
}
