package io.bufferhub.sim.bench;

import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import io.bufferhub.common.PinnedTrust;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.TrustOptions;

/** Thousands of devices each holding one ping open, on one event-loop client (no thread per device). */
final class PingFleet implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    private static final int PER_CLIENT = 1000; // a Vert.x client's pool stops growing at 1024 connections
    private final java.util.List<HttpClient> clients = new java.util.ArrayList<>();
    private final HttpClientOptions options;
    private final URI base;
    private final AtomicLong open = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final Map<Integer, CompletableFuture<Long>> answers = new ConcurrentHashMap<>();

    PingFleet(String baseUrl, Set<String> pins) {
        this.base = URI.create(baseUrl);
        HttpClientOptions o = new HttpClientOptions().setSsl(true).setVerifyHost(false).setMaxPoolSize(25_000)
                .setKeepAlive(true).setIdleTimeout(0).setConnectTimeout(20_000).setPipelining(false);
        if (pins.isEmpty()) {
            o.setTrustAll(true);
        } else {
            o.setTrustOptions(TrustOptions.wrap(new PinnedTrust(pins)));
        }
        this.options = o;
    }

    private HttpClient clientFor(int device) {
        while (clients.size() <= device / PER_CLIENT) {
            clients.add(vertx.createHttpClient(options, new io.vertx.core.http.PoolOptions().setHttp1MaxSize(PER_CLIENT)));
        }
        return clients.get(device / PER_CLIENT);
    }

    /** Opens pings for devices {@code from} … {@code to - 1}, a few hundred at a time. */
    void hold(int from, int to, IntFunction<String> serial, String secret, PrintStream out) throws InterruptedException {
        for (int i = from; i < to; i++) {
            int n = i;
            CompletableFuture<Long> answered = answers.computeIfAbsent(n, k -> new CompletableFuture<>());
            String auth = "Basic " + Base64.getEncoder().encodeToString((serial.apply(n) + ":" + secret)
                    .getBytes(StandardCharsets.UTF_8));
            clientFor(n).request(new RequestOptions().setMethod(HttpMethod.POST).setHost(base.getHost()).setPort(base.getPort())
                            .setURI("/bpp/v1/devices/" + serial.apply(n) + "/ping").putHeader("Authorization", auth)
                            .putHeader("Content-Type", "application/json"))
                    .compose(req -> req.send(Buffer.buffer("{\"heartbeat\": 3540}")))
                    .compose(resp -> resp.body())
                    .onComplete(ar -> {
                        if (ar.failed()) {
                            if (failures.incrementAndGet() <= 3) {
                                out.println("ping failed: " + ar.cause());
                            }
                        } else {
                            open.decrementAndGet();
                        }
                        answered.complete(System.nanoTime());
                    });
            open.incrementAndGet();
            if ((i - from) % 40 == 39) {
                Thread.sleep(200); // let the TLS handshakes through (≈ 200 new connections a second)
                if ((i + 1) % 2000 == 0) {
                    out.printf("opened %,d pings%n", i + 1);
                }
            }
        }
    }

    CompletableFuture<Long> answerOf(int device) {
        return answers.computeIfAbsent(device, k -> new CompletableFuture<>());
    }

    /** Pings sent and neither answered nor failed: held open. */
    long open() {
        return open.get() - failures.get();
    }

    long failures() {
        return failures.get();
    }

    @Override
    public void close() throws Exception {
        for (HttpClient client : clients) {
            client.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
