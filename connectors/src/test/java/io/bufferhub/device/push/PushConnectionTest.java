package io.bufferhub.device.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.bufferhub.device.push.PushResult.Kind;
import io.bufferhub.device.push.TestHubServer.Reply;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PfxOptions;
import io.bufferhub.hub.http.SelfSignedCertificate;

/**
 * The transport under the pusher: a hub that never answers costs at most the request timeout, a kept-alive
 * connection the hub closed while idle is replaced without a failed push, chunked answers are read, and one
 * pusher serves several threads at once.
 */
class PushConnectionTest {

    private static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void silentHubCostsNoMoreThanTheRequestTimeout() throws Exception {
        try (TestHubServer hub = TestHubServer.http(r -> {
            Thread.sleep(5000);
            return Reply.stored(1);
        }); HubPusher p = new HubPusher(PushOutcomeTest.settings(hub.base()).withTimeouts(1000, 700))) {
            long t0 = System.nanoTime();
            PushResult r = p.push(PushOutcomeTest.batch(1));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertEquals(Kind.RETRY, r.kind());
            assertTrue(r.detail().contains("within 700 ms"), r.detail());
            assertTrue(ms < 2000, ms + " ms");
        }
    }

    @Test
    void idleConnectionClosedByTheHubIsReplacedAndChunkedAnswersAreRead() throws Exception {
        List<Object> connections = new java.util.concurrent.CopyOnWriteArrayList<>();
        HttpServer s = vertx.createHttpServer(new HttpServerOptions().setIdleTimeout(1)).requestHandler(req -> {
            connections.add(req.connection());
            req.response().writeContinue();
            req.body().onSuccess(b -> {
                var resp = req.response().setStatusCode(201).setChunked(true).putHeader("Content-Type",
                        "application/json");
                resp.write("{\"records\":" + b.length());
                resp.end(",\"duplicate\":false,\"serverTime\":1}");
            });
        });
        int port = s.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
                .actualPort();
        try (HubPusher p = new HubPusher(PushOutcomeTest.settings("http://127.0.0.1:" + port + "/bpp/v1"))) {
            PushResult first = p.push(PushOutcomeTest.batch(1));
            assertEquals(Kind.STORED, first.kind(), first.detail());
            assertEquals(PushOutcomeTest.BODY.length, first.records());
            assertEquals(Kind.STORED, p.push(PushOutcomeTest.batch(2)).kind());
            assertEquals(1, connections.stream().distinct().count(), "the connection was kept alive");
            Thread.sleep(1600); // the hub drops the kept-alive connection
            PushResult third = p.push(PushOutcomeTest.batch(3));
            assertEquals(Kind.STORED, third.kind(), third.detail());
            assertEquals(2, connections.stream().distinct().count());
        } finally {
            s.close();
        }
    }

    @Test
    void tlsHubThatIgnoresExpectGetsTheBodyAfterTheWait(@TempDir Path dir) throws Exception {
        SelfSignedCertificate.KeyStoreFile ks = SelfSignedCertificate.loadOrCreate(dir);
        HttpServer s = vertx.createHttpServer(new HttpServerOptions().setSsl(true)
                .setKeyCertOptions(new PfxOptions().setPath(ks.path().toString()).setPassword(ks.password())))
                .requestHandler(req -> req.body().onSuccess(b -> req.response().setStatusCode(201).end()));
        int port = s.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
                .actualPort();
        PushSettings settings = PushOutcomeTest.settings("https://127.0.0.1:" + port + "/bpp/v1")
                .withPins(Set.of(ks.sha256Fingerprint()));
        try (HubPusher p = new HubPusher(settings)) {
            // the TLS socket stays usable after the read timeout of the continue wait
            PushResult r = p.push(PushOutcomeTest.batch(1));
            assertEquals(Kind.STORED, r.kind(), r.detail());
        } finally {
            s.close();
        }
    }

    @Test
    void onePusherServesSeveralThreads() throws Exception {
        try (TestHubServer hub = TestHubServer.http(r -> Reply.stored(1));
                HubPusher p = new HubPusher(PushOutcomeTest.settings(hub.base()))) {
            ExecutorService threads = Executors.newFixedThreadPool(4);
            List<Future<PushResult>> results = new ArrayList<>();
            for (int i = 1; i <= 40; i++) {
                long seq = i;
                results.add(threads.submit(() -> p.push(PushOutcomeTest.batch(seq))));
            }
            for (Future<PushResult> f : results) {
                assertEquals(Kind.STORED, f.get(30, TimeUnit.SECONDS).kind());
            }
            threads.shutdown();
            assertEquals(40, hub.received.size());
            assertEquals(40, hub.received.stream().map(TestHubServer.Received::path).distinct().count());
        }
    }
}
