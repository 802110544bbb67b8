package io.bufferhub.hub.updates;

import java.security.GeneralSecurityException;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

import io.bufferhub.common.Problem;
import io.bufferhub.hub.ingest.JsonRequests;
import io.bufferhub.hub.ingest.JsonResponses;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Camel bean behind the operator API for updates (PROTOCOL.md §9); the Bearer token is checked by AdminGuard. */
public class UpdateAdmin {

    private static final Logger LOG = LoggerFactory.getLogger(UpdateAdmin.class);
    static final String UNSIGNED_WARNING = "firmware published without a signature: devices refuse to install it"
            + " (sign it with bin/bufferhub sign, or configure bufferhub.updates.signingKey)";

    private final UpdateStore store;
    private final UpdateSigner signer;

    /** {@code signer} may be null: the hub then has no key and firmware without a signature goes out unsigned. */
    public UpdateAdmin(UpdateStore store, UpdateSigner signer) {
        this.store = store;
        this.signer = signer;
    }

    /**
     * {@code POST /admin/updates} → {@code 201 {"id","devices","serverTime"}} with {@code Location}. {@code devices}
     * (beyond the protocol's minimum) lists the serials the target resolved to, so the operator sees at once who
     * gets the update; a target naming no registered device is {@code 400}. Firmware without a signature is signed
     * with the hub's key when it has one; without a key it is published unsigned, with a {@code warning} in the
     * answer and the log, since devices will refuse it (their trusted keys decide, so nothing is weakened).
     */
    public void publish(Exchange exchange) throws SQLException, GeneralSecurityException {
        PublishRequest request = PublishRequest.parse(JsonRequests.readObject(exchange, "the update"));
        boolean unsigned = request.kind().signed() && request.signature() == null;
        if (unsigned && signer != null) {
            request = request.withSignature(signer.sign(request.payload()));
            unsigned = false;
        }
        UpdateStore.Published published = store.publish(request);
        if (unsigned) {
            LOG.warn("Update {} (version {}): {}", published.id(), request.version(), UNSIGNED_WARNING);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", published.id());
        answer.put("devices", published.serials());
        if (unsigned) {
            answer.put("warning", UNSIGNED_WARNING);
        }
        JsonResponses.send(exchange, 201, answer);
        exchange.getMessage().setHeader("Location", "/admin/updates/" + published.id());
    }

    /** {@code GET /admin/updates/{id}} → the update with every target device's state; unknown → 404. */
    public void getUpdate(Exchange exchange) throws SQLException {
        String id = exchange.getMessage().getHeader("id", String.class);
        Map<String, Object> view = id == null ? null : store.view(id).orElse(null);
        if (view == null) {
            throw new Problem(404, "update-not-found", "Not Found", "id: no update " + id + " was published");
        }
        JsonResponses.send(exchange, 200, view);
    }
}
