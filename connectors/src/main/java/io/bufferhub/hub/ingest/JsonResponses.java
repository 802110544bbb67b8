package io.bufferhub.hub.ingest;

import java.util.Map;

import io.bufferhub.common.Json;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** Writes a JSON success answer onto an exchange: request headers dropped (never echoed), serverTime added. */
public final class JsonResponses {

    private JsonResponses() {
    }

    public static void send(Exchange exchange, int status, Map<String, Object> body) {
        body.put("serverTime", System.currentTimeMillis());
        Message m = exchange.getMessage();
        m.getHeaders().clear();
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        m.setHeader(Exchange.CONTENT_TYPE, "application/json");
        m.setBody(Json.write(body));
    }

    public static void sendBytes(Exchange exchange, int status, String contentType, byte[] body) {
        Message m = exchange.getMessage();
        m.getHeaders().clear();
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        m.setHeader(Exchange.CONTENT_TYPE, contentType);
        m.setBody(body);
    }
}
