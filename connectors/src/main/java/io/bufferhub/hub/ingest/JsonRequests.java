package io.bufferhub.hub.ingest;

import java.util.Locale;
import java.util.Map;

import io.bufferhub.common.Json;
import io.bufferhub.common.Problem;
import org.apache.camel.Exchange;

/**
 * Reads an operator's JSON request body (PROTOCOL.md §9, "JSON in and out"). A body without {@code Content-Type} is
 * read as JSON — clients such as Java's HttpClient send none unless told — and so is any JSON media type
 * ({@code application/json}, with parameters such as {@code charset}, or a {@code +json} suffix type). Only an
 * explicit other type is refused, with {@code 415} naming Content-Type.
 */
public final class JsonRequests {

    private JsonRequests() {
    }

    /** The body as a JSON object; {@code what} names it in the 415 detail ("the device", "the update", …). */
    public static Map<String, Object> readObject(Exchange exchange, String what) {
        String type = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class);
        if (!acceptsAsJson(type)) {
            throw new Problem(415, "unsupported-media-type", "Unsupported Media Type",
                    "Content-Type: send " + what + " as application/json (or with no Content-Type), not "
                            + type.trim());
        }
        return Json.readObject(exchange.getMessage().getBody(byte[].class));
    }

    /** True for no (or a blank) Content-Type and for JSON media types; parameters are ignored (JSON is UTF-8). */
    public static boolean acceptsAsJson(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return true;
        }
        String media = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        int slash = media.indexOf('/');
        if (slash <= 0) {
            return false;
        }
        String subtype = media.substring(slash + 1);
        return media.equals("application/json") || (subtype.endsWith("+json") && subtype.length() > 5);
    }
}
