package io.bufferhub.hub.ingest;

import java.util.Locale;
import java.util.Map;

import io.bufferhub.common.Json;
import io.bufferhub.common.Problem;
import org.apache.camel.Exchange;

/** Reads an operator's JSON request body: {@code 415} unless it is declared application/json, then a strict parse. */
public final class JsonRequests {

    private JsonRequests() {
    }

    /** The body as a JSON object; {@code what} names it in the 415 detail ("the device", "the update", …). */
    public static Map<String, Object> readObject(Exchange exchange, String what) {
        String type = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class);
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new Problem(415, "unsupported-media-type", "Unsupported Media Type",
                    "Content-Type: send " + what + " as application/json");
        }
        return Json.readObject(exchange.getMessage().getBody(byte[].class));
    }
}
