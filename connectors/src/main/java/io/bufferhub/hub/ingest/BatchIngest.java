package io.bufferhub.hub.ingest;

import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

import io.bufferhub.common.ContentDigest;
import io.bufferhub.common.Identifiers;
import io.bufferhub.common.Problem;
import io.bufferhub.hub.store.BatchRequest;
import io.bufferhub.hub.store.BatchStore;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Camel bean behind {@code POST /bpp/v1/devices/{serial}/batches/{seq}}: checks the push, stores it
 * exactly once and answers 201 / 200 / 409 only after the commit (PROTOCOL.md §3).
 */
public class BatchIngest {

    private final BatchStore store;

    public BatchIngest(BatchStore store) {
        this.store = store;
    }

    public void ingest(Exchange exchange) throws SQLException {
        Message in = exchange.getMessage();
        String serial = Identifiers.requireSerial(in.getHeader("serial", String.class), "serial");
        BatchHeaders h = BatchHeaders.parse(in.getHeader("seq", String.class), name -> in.getHeader(name, String.class));
        byte[] body = in.getBody(byte[].class);
        if (body == null || body.length == 0) {
            throw Problem.badRequest("empty-body", "body: a batch must hold at least one byte");
        }
        byte[] actual = ContentDigest.sha256(body);
        if (!MessageDigest.isEqual(actual, h.digest())) {
            throw new Problem(422, "digest-mismatch", "Unprocessable Content",
                    "Content-Digest: the body's sha-256 does not match (truncated or corrupted body of "
                            + body.length + " bytes)");
        }
        BatchRequest request = new BatchRequest(serial, h.seq(), h.channel(), body, ContentDigest.hex(actual),
                h.contentType(), h.charset(), h.capturedFrom(), h.capturedTo(), h.bufferUsed(), h.lostBytes(),
                h.deviceName());
        BatchStore.Result result = store.store(request);
        if (result.outcome() == BatchStore.Outcome.CONFLICT) {
            throw new Problem(409, "seq-conflict", "Conflict", "seq: " + h.seq()
                    + " was already stored with a different Content-Digest; a seq is never reused for other bytes");
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("serial", serial);
        answer.put("seq", h.seq());
        answer.put("records", result.records());
        answer.put("duplicate", result.outcome() == BatchStore.Outcome.DUPLICATE);
        JsonResponses.send(exchange, result.outcome() == BatchStore.Outcome.CREATED ? 201 : 200, answer);
    }
}
