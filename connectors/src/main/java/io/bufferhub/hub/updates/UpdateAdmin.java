package io.bufferhub.hub.updates;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

import io.bufferhub.common.Problem;
import io.bufferhub.hub.ingest.JsonRequests;
import io.bufferhub.hub.ingest.JsonResponses;
import org.apache.camel.Exchange;

/** Camel bean behind the operator API for updates (PROTOCOL.md §9); the Bearer token is checked by AdminGuard. */
public class UpdateAdmin {

    private final UpdateStore store;

    public UpdateAdmin(UpdateStore store) {
        this.store = store;
    }

    /**
     * {@code POST /admin/updates} → {@code 201 {"id","devices","serverTime"}} with {@code Location}. {@code devices}
     * (beyond the protocol's minimum) lists the serials the target resolved to, so the operator sees at once who
     * gets the update; a target naming no registered device is {@code 400}.
     */
    public void publish(Exchange exchange) throws SQLException {
        PublishRequest request = PublishRequest.parse(JsonRequests.readObject(exchange, "the update"));
        UpdateStore.Published published = store.publish(request);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", published.id());
        answer.put("devices", published.serials());
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
