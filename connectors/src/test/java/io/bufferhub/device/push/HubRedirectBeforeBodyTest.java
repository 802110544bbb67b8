package io.bufferhub.device.push;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.bufferhub.device.push.PushResult.Kind;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

/**
 * {@code Expect: 100-continue} against Vert.x, the hub's own HTTP server, which (like the hub) does not send
 * {@code 100} by itself: a front door can redirect or refuse on the headers alone, before the body is sent
 * (PROTOCOL.md §6). This is the case the JDK 17 {@code HttpClient} gets wrong (it hangs, or reuses a connection
 * whose announced body never went out), hence {@link Http1Client}.
 */
class HubRedirectBeforeBodyTest {

    private static Vertx vertx;
    private final List<HttpServer> servers = new CopyOnWriteArrayList<>();
    private HubPusher pusher;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopAll() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        if (pusher != null) {
            pusher.close();
        }
        for (HttpServer s : servers) {
            s.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private String serve(Handler<HttpServerRequest> h) throws Exception {
        HttpServer s = vertx.createHttpServer().requestHandler(h);
        int port = s.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
                .actualPort();
        servers.add(s);
        return "http://127.0.0.1:" + port + "/bpp/v1";
    }

    /** A hub that sends {@code 100}, reads the body and stores it; the bodies it got are kept. */
    private String storingHub(List<byte[]> bodies) throws Exception {
        return serve(req -> {
            if ("100-continue".equalsIgnoreCase(req.getHeader("Expect"))) {
                req.response().writeContinue();
            }
            req.body().onSuccess(b -> {
                bodies.add(b.getBytes());
                req.response().setStatusCode(201).putHeader("Content-Type", "application/json")
                        .end("{\"records\":3,\"duplicate\":false,\"serverTime\":" + System.currentTimeMillis() + "}");
            });
        });
    }

    @Test
    void frontDoorRedirectsBeforeTheBodyIsSent() throws Exception {
        List<byte[]> stored = new CopyOnWriteArrayList<>();
        String target = storingHub(stored);
        AtomicLong bodyBytesAtFrontDoor = new AtomicLong();
        AtomicInteger asked = new AtomicInteger();
        String front = serve(req -> {
            asked.incrementAndGet();
            req.handler(buf -> bodyBytesAtFrontDoor.addAndGet(buf.length()));
            req.response().setStatusCode(307).putHeader("Location", target + req.path().substring(7))
                    .putHeader("Content-Type", "application/problem+json")
                    .end("{\"title\":\"Temporary Redirect\",\"status\":307}");
        });
        pusher = new HubPusher(PushOutcomeTest.settings(front));
        long t0 = System.nanoTime();
        PushResult r = pusher.push(PushOutcomeTest.batch(1));
        assertEquals(Kind.STORED, r.kind(), r.detail());
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) < Http1Client.CONTINUE_WAIT_MS,
                "no wait for a 100 that never comes");
        assertArrayEquals(PushOutcomeTest.BODY, stored.get(0));
        Thread.sleep(200);
        assertEquals(0, bodyBytesAtFrontDoor.get(), "the body never went to the front door");
        assertEquals(1, asked.get());
        assertEquals(target, pusher.currentBase());
        assertEquals(Kind.STORED, pusher.push(PushOutcomeTest.batch(2)).kind());
        assertEquals(2, stored.size());
    }

    @Test
    void refusalInsteadOf100LeavesNoConnectionOutOfStep() throws Exception {
        List<byte[]> stored = new CopyOnWriteArrayList<>();
        AtomicInteger n = new AtomicInteger();
        String hub = serve(req -> {
            if (n.incrementAndGet() == 1) {
                req.response().setStatusCode(401).putHeader("WWW-Authenticate", "Basic realm=\"bpp\"")
                        .putHeader("Content-Type", "application/problem+json")
                        .end("{\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"Authorization: unknown device\"}");
                return;
            }
            req.response().writeContinue();
            req.body().onSuccess(b -> {
                stored.add(b.getBytes());
                req.response().setStatusCode(201).putHeader("Content-Type", "application/json")
                        .end("{\"records\":3,\"duplicate\":false,\"serverTime\":1}");
            });
        });
        pusher = new HubPusher(PushOutcomeTest.settings(hub));
        PushResult refused = pusher.push(PushOutcomeTest.batch(1));
        assertEquals(Kind.RETRY, refused.kind());
        assertEquals(401, refused.status());
        assertEquals("Authorization: unknown device", refused.detail());
        PushResult again = pusher.push(PushOutcomeTest.batch(1));
        assertEquals(Kind.STORED, again.kind(), again.detail());
        assertArrayEquals(PushOutcomeTest.BODY, stored.get(0));
    }

    @Test
    void serverThatIgnoresExpectGetsTheBodyAfterAShortWait() throws Exception {
        List<byte[]> stored = new CopyOnWriteArrayList<>();
        String hub = serve(req -> req.body().onSuccess(b -> {
            stored.add(b.getBytes());
            req.response().setStatusCode(201).end();
        }));
        pusher = new HubPusher(PushOutcomeTest.settings(hub));
        assertEquals(Kind.STORED, pusher.push(PushOutcomeTest.batch(1)).kind());
        assertArrayEquals(PushOutcomeTest.BODY, stored.get(0));
    }
}
