package io.bufferhub.hub.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import io.bufferhub.common.Problem;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** PROTOCOL.md §9 "JSON in and out": which declared types an operator body may come with. */
class JsonRequestsTest {

    private static Exchange request(String contentType) {
        Exchange e = new DefaultExchange(new DefaultCamelContext());
        if (contentType != null) {
            e.getMessage().setHeader(Exchange.CONTENT_TYPE, contentType);
        }
        e.getMessage().setBody("{\"name\":\"x\"}".getBytes(StandardCharsets.UTF_8));
        return e;
    }

    @Test
    void noContentTypeIsReadAsJson() {
        assertTrue(JsonRequests.acceptsAsJson(null));
        assertTrue(JsonRequests.acceptsAsJson(" "));
        assertEquals("x", JsonRequests.readObject(request(null), "the device").get("name"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "Application/JSON", "application/json; charset=utf-8",
        "application/json;charset=UTF-8", "application/merge-patch+json", "application/vnd.bufferhub+json; v=1"})
    void jsonTypesAreAccepted(String type) {
        assertEquals("x", JsonRequests.readObject(request(type), "the device").get("name"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
        "application/jsonx", "application/octet-stream", "+json", "application/+json", "json"})
    void anExplicitOtherTypeIs415NamingContentType(String type) {
        assertFalse(JsonRequests.acceptsAsJson(type));
        Problem p = assertThrows(Problem.class, () -> JsonRequests.readObject(request(type), "the device"));
        assertEquals(415, p.status());
        assertTrue(p.detail().startsWith("Content-Type"), p.detail());
    }
}
