package io.bufferhub.device.serial;

import static io.bufferhub.device.serial.SerialFramingTest.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The consumer against a scripted fake port: headers, byte-exact capture, reconnect, retry of failed frames. */
@Timeout(20)
class SerialConsumerTest {

    record Received(String body, long seq, String end, long capturedAt, String port) {
    }

    private final FakeSerialLine line = new FakeSerialLine();
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final List<Long> attempts = new ArrayList<>();
    private CamelContext context;
    private volatile Predicate<Long> failWhile = seq -> false;

    private void start(String options) throws Exception {
        context = new DefaultCamelContext();
        SerialComponent component = new SerialComponent();
        component.setPortFactory(line.factory());
        context.addComponent("serial", component);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("serial:///dev/fake0?reconnectDelayMs=50&maxReconnectDelayMs=400&idleGapMs=40" + options)
                        .routeId("capture").process(SerialConsumerTest.this::collect);
            }
        });
        context.start();
    }

    private void collect(Exchange exchange) {
        long seq = exchange.getIn().getHeader(SerialConstants.FRAME_SEQ, Long.class);
        synchronized (attempts) {
            attempts.add(seq);
        }
        if (failWhile.test(seq)) {
            if (countAttempts(seq) % 2 == 0) {
                exchange.setRollbackOnly(true); // a rollback is no delivery either
                return;
            }
            throw new IllegalStateException("spool full");
        }
        received.add(new Received(new String(exchange.getIn().getBody(byte[].class), StandardCharsets.ISO_8859_1), seq,
                exchange.getIn().getHeader(SerialConstants.FRAME_END, String.class),
                exchange.getIn().getHeader(SerialConstants.CAPTURED_AT, Long.class),
                exchange.getIn().getHeader(SerialConstants.PORT, String.class)));
    }

    @AfterEach
    void stop() {
        if (context != null) {
            context.stop();
        }
    }

    private SerialConsumer consumer() {
        return (SerialConsumer) context.getRoute("capture").getConsumer();
    }

    private Received next() throws InterruptedException {
        Received r = received.poll(5, TimeUnit.SECONDS);
        assertNotNull(r, "no frame within 5 s");
        return r;
    }

    @Test
    void oneExchangePerFrameWithHeaders() throws Exception {
        start("&baudRate=19200");
        long before = System.currentTimeMillis();
        line.send(bytes("CDR 0001 ext 201"));
        line.send(bytes(" 00:01:05\r"));
        line.send(bytes("\nCDR 0002\r\n"));
        Received a = next();
        Received b = next();
        assertEquals("CDR 0001 ext 201 00:01:05\r\n", a.body());
        assertEquals("CDR 0002\r\n", b.body());
        assertEquals(List.of(1L, 2L), List.of(a.seq(), b.seq()));
        assertEquals("DELIMITER", a.end());
        assertEquals("/dev/fake0", a.port());
        assertTrue(a.capturedAt() >= before && a.capturedAt() <= b.capturedAt());
        assertEquals(19200, line.openedWith.getBaudRate(), "settings from the URI reach the port");
        assertTrue(consumer().isConnected());
        assertEquals(HealthCheck.State.UP, consumer().getHealthCheck().call().getState());
    }

    @Test
    void reconnectsWithBackoffAndLosesNoByte() throws Exception {
        start("");
        line.send(bytes("first line\r\nhalf a li"));
        assertEquals("first line\r\n", next().body());
        line.refuseOpens.set(3);
        line.vanish();
        Received partial = next();
        assertEquals("half a li", partial.body(), "partial frame emitted before reconnecting");
        assertEquals("DISCONNECT", partial.end());
        assertFalse(consumer().isConnected());
        assertTrue(consumer().getLastError().contains("gone"), consumer().getLastError());
        assertEquals(HealthCheck.State.DOWN, consumer().getHealthCheck().call().getState());

        long deadline = System.currentTimeMillis() + 5000;
        while (!consumer().isConnected() && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(consumer().isConnected(), "reconnected after the refused opens");
        assertEquals(1, consumer().getReconnects());
        List<Long> t = line.openAttempts; // initial open, 3 refused, 1 good
        assertEquals(5, t.size(), t.toString());
        long[] minGap = {0, 50, 100, 200, 400};
        for (int i = 2; i < t.size(); i++) {
            long gap = t.get(i) - t.get(i - 1);
            assertTrue(gap >= minGap[i] - 5 && gap < minGap[i] + 300, "attempt " + i + " after " + gap + " ms " + t);
        }
        line.send(bytes("ne\r\nafter replug\r\n"));
        assertEquals("ne\r\n", next().body());
        assertEquals("after replug\r\n", next().body());
        assertEquals(HealthCheck.State.UP, consumer().getHealthCheck().call().getState());

        // a connection that lasted longer than maxReconnectDelayMs resets the backoff to reconnectDelayMs
        Thread.sleep(450);
        line.vanish();
        long vanished = System.currentTimeMillis();
        deadline = vanished + 5000;
        while (line.openAttempts.size() < 6 && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
        long delay = line.openAttempts.get(5) - vanished;
        assertTrue(delay >= 40 && delay < 300, "reopened after " + delay + " ms, not after the grown 400 ms");
    }

    @Test
    void randomChunksAndOutagesReproduceTheStream() throws Exception {
        start("&maxFrameBytes=50");
        Random random = new Random(7);
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        for (int i = 0; i < 200; i++) {
            byte[] chunk = bytes(("CDR;" + i + ";" + random.nextInt(1_000_000) + (i % 3 == 0 ? "\r\n" : "\n")
                    + (i % 17 == 0 ? "\r" : "")).repeat(1 + random.nextInt(3)));
            int cut = random.nextInt(chunk.length);
            line.send(java.util.Arrays.copyOfRange(chunk, 0, cut));
            line.send(java.util.Arrays.copyOfRange(chunk, cut, chunk.length));
            sent.writeBytes(chunk);
            if (i % 50 == 49) {
                line.vanish();
            }
        }
        line.vanish();
        String expected = sent.toString(StandardCharsets.ISO_8859_1);
        StringBuilder got = new StringBuilder();
        long seq = 0;
        while (got.length() < expected.length()) {
            Received r = next();
            assertEquals(++seq, r.seq());
            got.append(r.body());
        }
        assertEquals(expected, got.toString());
    }

    @Test
    void failedOrRolledBackFrameIsProcessedAgainUntilItSucceeds() throws Exception {
        failWhile = seq -> seq == 1 && countAttempts(1) <= 2;
        start("");
        line.send(bytes("CDR A\r\nCDR B\r\n"));
        Received a = next();
        Received b = next();
        assertEquals("CDR A\r\n", a.body());
        assertEquals(1, a.seq());
        assertEquals("CDR B\r\n", b.body());
        assertEquals(2, b.seq());
        synchronized (attempts) {
            assertEquals(List.of(1L, 1L, 1L, 2L), attempts, "frame 1 retried, not skipped");
        }
    }

    @Test
    void partialFrameIsEmittedOnStop() throws Exception {
        start("");
        line.send(bytes("complete\r\ntail without end"));
        assertEquals("complete\r\n", next().body());
        context.getRouteController().stopRoute("capture");
        Received tail = next();
        assertEquals("tail without end", tail.body());
        assertEquals("STOP", tail.end());
        assertArrayEquals(new byte[0], line.written());
    }

    private long countAttempts(long seq) {
        synchronized (attempts) {
            return attempts.stream().filter(s -> s == seq).count();
        }
    }
}
