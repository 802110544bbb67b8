package io.bufferhub.hub.redirect;

import java.sql.SQLException;
import java.util.Locale;

import io.bufferhub.common.Problem;
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
     * The protocol has two answers here, 200 for a valid list and 400 for anything else, so the body is read as JSON
     * whatever the Content-Type says; only form encodings are refused (400 naming Content-Type), because the HTTP
     * layer has already taken such a body apart into form fields.
     */
    public void putRules(Exchange exchange) throws SQLException {
        String type = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class);
        if (type != null && isForm(type)) {
            throw Problem.badRequest("unsupported-media-type",
                    "Content-Type: send the rules as application/json, not as a form");
        }
        RedirectRules rules = RedirectRules.parseDocument(exchange.getMessage().getBody(byte[].class));
        JsonResponses.send(exchange, 200, book.replace(rules).document());
    }

    private static boolean isForm(String contentType) {
        String media = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return media.equals("application/x-www-form-urlencoded") || media.startsWith("multipart/");
    }
}
