package io.bufferhub.hub.ping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.bufferhub.hub.store.SecretHasher;
import io.bufferhub.hub.support.HubTestBase;
import io.bufferhub.hub.support.TestDatabases;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import org.junit.jupiter.api.Test;

/** 5,000 pings held at once by one hub, with no thread each and a bounded heap; one of them woken by a publish. */
class ManyHeldPingsIT extends HubTestBase {

    static final int PINGS = 5000;

    @Override
    protected TestDatabases.Kind kind() {
        return TestDatabases.Kind.POSTGRESQL;
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of("bufferhub.rateLimit.perSecond", "0", "bufferhub.http.workerThreads", "16");
    }

    @Test
    void fiveThousandHeldPingsCostLittleHeapAndNoThreads() throws Exception {
        String hash = new SecretHasher(1000).hash(SECRET);
        try (Connection c = DriverManager.getConnection(hub.jdbc().url(), hub.jdbc().user(), hub.jdbc().password());
             PreparedStatement ps = c.prepareStatement("INSERT INTO device (serial, name, enabled, secret_hash,"
                     + " created_at, updated_at) VALUES (?, 'many', TRUE, ?, 0, 0)")) {
            for (int i = 0; i < PINGS; i++) {
                ps.setString(1, "MANY-" + i);
                ps.setString(2, hash);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        PingRegistry registry = hub.bean("pingRegistry", PingRegistry.class);
        int threadsBefore = Thread.activeCount();
        long heapBefore = usedHeap();
        Vertx vertx = Vertx.vertx();
        List<HttpClient> clients = new ArrayList<>();
        List<CompletableFuture<String>> answers = new ArrayList<>();
        AtomicInteger failed = new AtomicInteger();
        try {
            for (int i = 0; i < PINGS; i++) {
                if (i % 1000 == 0) {
                    clients.add(vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setIdleTimeout(0),
                            new PoolOptions().setHttp1MaxSize(1000)));
                }
                String serial = "MANY-" + i;
                CompletableFuture<String> answer = new CompletableFuture<>();
                answers.add(answer);
                clients.get(clients.size() - 1).request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1")
                                .setPort(hub.port()).setURI("/bpp/v1/devices/" + serial + "/ping")
                                .putHeader("Authorization", "Basic " + Base64.getEncoder()
                                        .encodeToString((serial + ":" + SECRET).getBytes(StandardCharsets.UTF_8))))
                        .compose(r -> r.send(Buffer.buffer("{\"heartbeat\": 3000}"))).compose(r -> r.body())
                        .onComplete(ar -> {
                            if (ar.failed()) {
                                failed.incrementAndGet();
                                answer.complete("failed: " + ar.cause());
                            } else {
                                answer.complete(ar.result().toString());
                            }
                        });
                if (i % 200 == 199) {
                    Thread.sleep(50);
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (registry.size() < PINGS && System.nanoTime() < deadline && failed.get() == 0) {
                Thread.sleep(200);
            }
            assertEquals(0, failed.get(), "no ping failed");
            assertEquals(PINGS, registry.size(), "all pings held at once");
            long perPing = (usedHeap() - heapBefore) / PINGS;
            int threadsAdded = Thread.activeCount() - threadsBefore;
            assertTrue(perPing < 40_000, "heap per held ping, hub and client sides together: " + perPing + " B");
            assertTrue(threadsAdded < 100, "no thread per held ping: " + threadsAdded + " threads added");
            assertEquals(201, admin("POST", "/admin/updates", "{\"target\":{\"serial\":\"MANY-4321\"},\"kind\":\"command\","
                    + "\"version\":\"1\",\"payload\":{\"command\":\"flush\"}}").status());
            String woken = answers.get(4321).get(5, TimeUnit.SECONDS);
            assertTrue(woken.contains("\"changed\""), woken);
            assertEquals(PINGS - 1, registry.size(), "the others stay held");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    private static long usedHeap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
