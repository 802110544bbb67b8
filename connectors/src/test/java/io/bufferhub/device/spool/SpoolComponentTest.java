package io.bufferhub.device.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The component end to end in a CamelContext: chunks in through the producer, batches out through a
 * route that plays the uplink and sets {@code BufferhubOutcome}: acked, quarantined, and a batch that
 * fails (exception, then {@code retry} with {@code BufferhubRetryAfterMs}) before it is acked, which must
 * come back with the same seq and bytes and hold back every later batch meanwhile.
 *
 * <p>The connectors module has no {@code camel-direct}, so the producer side is a ProducerTemplate on the
 * spool URI; the URI is resolved before the context starts, as a {@code to("spool:...")} in a route
 * would be, so its options are known before the spool opens.
 */
class SpoolComponentTest {

    @TempDir
    Path dir;

    private CamelContext context;

    @AfterEach
    void stop() {
        if (context != null) {
            context.stop();
        }
    }

    @Test
    void ackQuarantineAndRetryThenAckInSeqOrder() throws Exception {
        String in = "spool:t?dir=" + dir + "&maxLines=3&maxAgeMs=1000&sealCheckMs=50";
        List<String> seen = new CopyOnWriteArrayList<>();
        Map<String, Integer> tries = new java.util.concurrent.ConcurrentHashMap<>();
        context = new DefaultCamelContext();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("spool:t?dir=" + dir + "&retryInitialDelayMs=10&retryMaxDelayMs=40").process(e -> {
                    String body = e.getMessage().getBody(String.class);
                    long seq = e.getMessage().getHeader(SpoolConstants.SEQ, Long.class);
                    seen.add(seq + ":" + e.getMessage().getHeader(SpoolConstants.ATTEMPT) + ":" + body.trim().replace('\n', '|'));
                    assertEquals("main", e.getMessage().getHeader(SpoolConstants.CHANNEL));
                    assertEquals(0L, e.getMessage().getHeader(SpoolConstants.LOST_BYTES));
                    assertInstanceOf(Double.class, e.getMessage().getHeader(SpoolConstants.BUFFER_USED));
                    assertTrue(e.getMessage().getHeader(SpoolConstants.CAPTURED_FROM, Long.class) <= e.getMessage()
                            .getHeader(SpoolConstants.CAPTURED_TO, Long.class));
                    outcome(e, body, tries.merge(body, 1, Integer::sum));
                });
            }
        });
        context.getEndpoint(in);
        context.start();
        ProducerTemplate template = context.createProducerTemplate();
        for (String line : List.of("ok1", "ok2", "ok3", "bad1", "bad2", "bad3", "flaky1", "flaky2", "flaky3", "last")) {
            template.sendBodyAndHeader(in, (line + "\n").getBytes(StandardCharsets.US_ASCII),
                    SpoolConstants.CAPTURED_AT, System.currentTimeMillis());
        }
        template.sendBody(in, "tail-without-line-end"); // sealed by the timer after maxAgeMs
        waitFor(() -> seen.size() >= 7);
        assertEquals(List.of("1:1:ok1|ok2|ok3", "2:1:bad1|bad2|bad3", "3:1:flaky1|flaky2|flaky3",
                "3:2:flaky1|flaky2|flaky3", "3:3:flaky1|flaky2|flaky3", "4:1:last", "5:1:tail-without-line-end"), seen);
        waitFor(() -> Files.list(dir.resolve("sealed")).count() == 0);
        assertTrue(Files.readString(dir.resolve("quarantine/2.main.batch.reason")).contains("hub answered 422"));
        assertTrue(Files.exists(dir.resolve("quarantine/2.main.batch")));
        Thread.sleep(100);
        assertEquals(7, seen.size(), "nothing emitted twice after its ack");
    }

    private static void outcome(Exchange e, String body, int attempt) {
        if (body.startsWith("bad")) {
            e.getMessage().setHeader(SpoolConstants.OUTCOME, SpoolConstants.QUARANTINED);
            e.getMessage().setHeader(SpoolConstants.OUTCOME_REASON, "hub answered 422");
        } else if (body.startsWith("flaky") && attempt == 1) {
            throw new IllegalStateException("hub unreachable");
        } else if (body.startsWith("flaky") && attempt == 2) {
            e.getMessage().setHeader(SpoolConstants.OUTCOME, SpoolConstants.RETRY);
            e.getMessage().setHeader(SpoolConstants.RETRY_AFTER_MS, 20);
        } else {
            e.getMessage().setHeader(SpoolConstants.OUTCOME, SpoolConstants.ACKED);
        }
    }

    @Test
    void aFullSpoolRefusesTheChunkAndUrisMustAgree() throws Exception {
        context = new DefaultCamelContext();
        context.start();
        ProducerTemplate template = context.createProducerTemplate();
        String uri = "spool:s?dir=" + dir + "&capacityBytes=8";
        template.sendBodyAndHeader(uri, "12345678", SpoolConstants.CHANNEL, "aux");
        CamelExecutionException e = assertThrows(CamelExecutionException.class, () -> template.sendBody(uri, "9"));
        assertInstanceOf(SpoolFullException.class, e.getCause());
        Exception conflict = assertThrows(Exception.class, () -> context.getEndpoint("spool:s?dir=" + dir + "&capacityBytes=9"));
        assertTrue(String.valueOf(conflict.getCause()).contains("capacityBytes=9 disagrees"), String.valueOf(conflict));
        assertThrows(Exception.class, () -> context.getEndpoint("spool:u?dir=" + dir + "&fullPolicy=sometimes"));
        assertThrows(Exception.class, () -> context.getEndpoint("spool:u?dir=" + dir + "&noSuchOption=1"));
        context.getEndpoint("spool:s?fullPolicy=stop-reading"); // same value, other spelling: fine
        context.stop();
        try (Spool spool = Spool.open(dir, SpoolSettings.defaults())) {
            assertEquals("12345678", new String(spool.openBytes("aux"), StandardCharsets.US_ASCII));
            assertFalse(spool.channels().contains("main"));
        }
    }

    interface Check {
        boolean ok() throws Exception;
    }

    private static void waitFor(Check check) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!check.ok()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met in 10 s");
            }
            Thread.sleep(10);
        }
    }
}
