package io.bufferhub.hub.redirect;

import java.sql.SQLException;

import io.bufferhub.common.Problem;
import io.bufferhub.hub.ingest.JsonRequests;
import io.bufferhub.hub.ingest.JsonResponses;
import org.apache.camel.Exchange;

/**
 * Camel bean behind {@code GET/PUT /admin/redirects} (PROTOCOL.md §9; routes/hub/admin-redirects.camel.yaml). The
 * Bearer token is checked by AdminGuard; problems thrown here become RFC 9457 answers through the routes' shared
 * error handling. A refused list changes nothing: it is validated whole before anything is stored.
 */
public class RedirectAdmin {

    private final RedirectBook book;

    public RedirectAdmin(RedirectBook book) {
        this.book = book;
    }

    /** {@code GET /admin/redirects} → {@code {"rules": […], "serverTime"}}. */
    public void getRules(Exchange exchange) throws SQLException {
        JsonResponses.send(exchange, 200, book.current().document());
    }

    /**
     * {@code PUT /admin/redirects} with {@code {"rules": […]}} → 200 with the list now in force (URLs normalised).
     * The body is taken as JSON under the same rule as every operator body (JsonRequests: no Content-Type or a JSON
     * type); an explicit other type is refused naming Content-Type — with {@code 400}, not 415, because §9 gives
     * this call exactly two answers: 200 for a valid list, 400 for anything else.
     */
    public void putRules(Exchange exchange) throws SQLException {
        String type = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class);
        if (!JsonRequests.acceptsAsJson(type)) {
            throw Problem.badRequest("unsupported-media-type",
                    "Content-Type: send the rules as application/json (or with no Content-Type), not " + type.trim());
        }
        RedirectRules rules = RedirectRules.parseDocument(exchange.getMessage().getBody(byte[].class));
        JsonResponses.send(exchange, 200, book.replace(rules).document());
    }
}
