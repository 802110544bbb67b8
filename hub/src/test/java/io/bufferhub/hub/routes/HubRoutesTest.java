package io.bufferhub.hub.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import io.bufferhub.common.ContentDigest;
import io.bufferhub.hub.HubSetup;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.Produce;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;

/**
 * Route-level test of the YAML routes in {@code routes/hub}: the HTTP consumers are replaced by direct
 * endpoints, so the routes, beans and the shared error handling are exercised without a network.
 */
@CamelMainTest(
        configurationClasses = HubSetup.class,
        replaceRouteFromWith = {"batch-ingest=direct:ingest", "admin-device=direct:admin-device"},
        properties = {
            "camel.main.routesIncludePattern=file:../routes/hub/*.camel.yaml",
            "bufferhub.data.dir=target/route-test",
            "bufferhub.db.url=jdbc:h2:mem:route-test;DB_CLOSE_DELAY=-1",
            "bufferhub.http.host=127.0.0.1",
            "bufferhub.http.port=0",
            "bufferhub.tls=false",
            "bufferhub.admin.token=route-test-token-0123456789",
            "bufferhub.auth.pbkdf2Iterations=1000"
        })
class HubRoutesTest {

    @BeanInject
    CamelContext context;

    @Produce
    ProducerTemplate template;

    private Exchange register(String serial) {
        return template.request("direct:admin-device", e -> {
            e.getMessage().setHeader(Exchange.HTTP_METHOD, "PUT");
            e.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
            e.getMessage().setHeader("serial", serial);
            e.getMessage().setBody("{\"name\":\"route test\",\"secret\":\"pw\"}".getBytes(StandardCharsets.UTF_8));
        });
    }

    private Exchange push(String serial, String seq, byte[] body, String digestOf) {
        return template.request("direct:ingest", e -> {
            e.getMessage().setHeader("serial", serial);
            e.getMessage().setHeader("seq", seq);
            e.getMessage().setHeader("Content-Type", "text/plain");
            e.getMessage().setHeader(ContentDigest.HEADER, ContentDigest.headerFor(digestOf.getBytes(StandardCharsets.US_ASCII)));
            e.getMessage().setBody(body);
        });
    }

    @Test
    void storesOnceAndAnswersDuplicates() {
        assertEquals(201, register("R-1").getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE));
        NotifyBuilder done = new NotifyBuilder(context).fromRoute("batch-ingest").whenDone(2).create();
        byte[] body = "a\r\nb\r\n".getBytes(StandardCharsets.US_ASCII);
        Exchange first = push("R-1", "1", body, "a\r\nb\r\n");
        Exchange second = push("R-1", "1", body, "a\r\nb\r\n");
        assertTrue(done.matches(5, TimeUnit.SECONDS));
        assertEquals(201, first.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE));
        assertTrue(first.getMessage().getBody(String.class).contains("\"records\":2"));
        assertEquals(200, second.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE));
        assertTrue(second.getMessage().getBody(String.class).contains("\"duplicate\":true"));
    }

    @Test
    void failuresBecomeProblemsThroughTheSharedRouteConfiguration() {
        register("R-2");
        Exchange mismatch = push("R-2", "1", "truncat".getBytes(StandardCharsets.US_ASCII), "truncated\n");
        assertEquals(422, mismatch.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE));
        assertEquals("application/problem+json", mismatch.getMessage().getHeader(Exchange.CONTENT_TYPE));
        assertTrue(mismatch.getMessage().getBody(String.class).contains("Content-Digest"));
        Exchange badSeq = push("R-2", "zero", "x".getBytes(StandardCharsets.US_ASCII), "x");
        assertEquals(400, badSeq.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE));
        assertTrue(badSeq.getMessage().getBody(String.class).contains("seq"));
    }
}
