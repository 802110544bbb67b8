package io.bufferhub.sim.fleet;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.bufferhub.common.ContentDigest;
import io.bufferhub.common.Json;
import io.bufferhub.hub.store.LineSplitter;
import io.bufferhub.sim.push.HubClient;

/**
 * Just enough of a hub (plain HTTP, in memory) to test the fleet's side of the protocol: device
 * registration, exactly-once batches with 201 / 200 duplicate / 409 / 422, and a 503 with
 * {@code Retry-After: 0} on the first attempt of every fifth seq so that retries happen.
 */
final class FakeHub implements AutoCloseable {

    static final String ADMIN_TOKEN = "test-admin-token-0123456789";

    private final HttpServer server;
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final Map<String, NavigableMap<Long, String>> stored = new ConcurrentHashMap<>();
    private final Map<String, Boolean> refusedOnce = new ConcurrentHashMap<>();
    final AtomicInteger truncated = new AtomicInteger();
    final AtomicInteger refused = new AtomicInteger();

    FakeHub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** What was stored: serial → seq → digest hex. */
    Map<String, NavigableMap<Long, String>> stored() {
        return stored;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String[] path = ex.getRequestURI().getPath().split("/");
            if (ex.getRequestMethod().equals("PUT") && path.length == 4 && path[1].equals("admin")) {
                register(ex, path[3]);
            } else if (ex.getRequestMethod().equals("GET") && ex.getRequestURI().getPath().equals("/admin/batches")) {
                list(ex, ex.getRequestURI().getQuery().replaceAll("^serial=([^&]*).*$", "$1"));
            } else if (ex.getRequestMethod().equals("POST") && path.length == 7 && path[5].equals("batches")) {
                push(ex, path[4], Long.parseLong(path[6]));
            } else {
                answer(ex, 404, "{}");
            }
        }
    }

    private void register(HttpExchange ex, String serial) throws IOException {
        if (!("Bearer " + ADMIN_TOKEN).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            answer(ex, 401, "{}");
            return;
        }
        Object secret = Json.readObject(ex.getRequestBody().readAllBytes()).get("secret");
        boolean created = secrets.put(serial, (String) secret) == null;
        answer(ex, created ? 201 : 200, "{}");
    }

    private void list(HttpExchange ex, String serial) throws IOException {
        java.util.List<Map<String, Object>> batches = new java.util.ArrayList<>();
        stored.getOrDefault(serial, new ConcurrentSkipListMap<>()).descendingMap()
                .forEach((seq, digest) -> batches.add(Map.of("seq", seq, "digest", digest)));
        answer(ex, 200, Json.write(Map.of("batches", batches, "serverTime", 0)));
    }

    private void push(HttpExchange ex, String serial, long seq) throws IOException {
        String secret = secrets.get(serial);
        if (secret == null || !HubClient.basic(serial, secret).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            answer(ex, 401, "{}");
            return;
        }
        long length = Long.parseLong(ex.getRequestHeaders().getFirst("Content-Length"));
        byte[] body = readUpTo(ex.getRequestBody(), length);
        if (body.length < length) {
            truncated.incrementAndGet(); // the connection was cut: nothing is stored, nobody hears an answer
            return;
        }
        if (!Arrays.equals(ContentDigest.parseSha256(ex.getRequestHeaders().getFirst("Content-Digest")),
                ContentDigest.sha256(body))) {
            answer(ex, 422, "{}");
            return;
        }
        String key = serial + "/" + seq;
        if (seq % 5 == 0 && refusedOnce.putIfAbsent(key, true) == null) {
            refused.incrementAndGet();
            ex.getResponseHeaders().set("Retry-After", "0");
            answer(ex, 503, "{}");
            return;
        }
        String digest = ContentDigest.hex(ContentDigest.sha256(body));
        NavigableMap<Long, String> batches = stored.computeIfAbsent(serial, s -> new ConcurrentSkipListMap<>());
        String before = batches.putIfAbsent(seq, digest);
        if (before != null && !before.equals(digest)) {
            answer(ex, 409, "{}");
            return;
        }
        answer(ex, before == null ? 201 : 200, Json.write(Map.of("serial", serial, "seq", seq,
                "records", LineSplitter.count(body), "duplicate", before != null, "serverTime", 0)));
    }

    private static byte[] readUpTo(InputStream in, long length) {
        byte[] buf = new byte[(int) length];
        int n = 0;
        try {
            int r;
            while (n < length && (r = in.read(buf, n, (int) length - n)) > 0) {
                n += r;
            }
        } catch (IOException cut) {
            // counted as a short body below
        }
        return Arrays.copyOf(buf, n);
    }

    private static void answer(HttpExchange ex, int status, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
