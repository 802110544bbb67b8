package io.bufferhub.device.heartbeat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.bufferhub.common.Json;

/**
 * A real HTTP server in the test JVM that answers like a hub for PROTOCOL.md §4 and §5, for serial S1: a held
 * ping (one per device; {@code changed} at once or on {@link #publish}, {@code no-change} after {@code H},
 * {@code superseded}), heartbeat bounds, a black hole that never answers (a firewall that dropped the flow),
 * check-in, payloads with {@code ETag}/{@code Range}/{@code If-Range}, a cut mid-body, and status reports.
 */
final class FakeHub implements AutoCloseable {

    static final String BASE_PATH = "/bpp/v1/devices/S1";
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");
    private static final Set<String> FINAL = Set.of("applied", "failed", "rejected");

    /** A held ping: answered once, by whoever comes first. */
    private static final class Held {
        String answer;
    }

    final List<Integer> pingHeartbeats = new CopyOnWriteArrayList<>();
    final List<Map<String, String>> payloadRequests = new CopyOnWriteArrayList<>();
    final List<String> reports = new CopyOnWriteArrayList<>();
    final Map<String, Map<String, Object>> pending = new ConcurrentHashMap<>();
    final Map<String, byte[]> payloads = new ConcurrentHashMap<>();
    final Map<String, String> states = new ConcurrentHashMap<>();
    final AtomicInteger held = new AtomicInteger();
    volatile int min = 1;
    volatile int max = 3540;
    volatile boolean blackHole;
    /** Answer pings with this status ({@code Retry-After: 7}) instead of holding them; 0 = hold. */
    volatile int pingError;
    volatile boolean rangeSupport = true;
    /** Cut payload request number {@code cutRequest} (1-based) after {@code cutAfter} body bytes; 0 = never. */
    volatile int cutRequest;
    volatile int cutAfter;
    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final Object lock = new Object();
    private Held current;

    FakeHub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            try (ex) {
                serve(ex);
            } catch (IOException | RuntimeException e) {
                // the device hung up: nothing to answer
            }
        });
        server.setExecutor(pool);
        server.start();
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/bpp/v1";
    }

    /** Makes an update pending; a held ping is answered {@code changed}. With a payload, sha256 and href are set. */
    Map<String, Object> publish(String id, String kind, byte[] payload, String sha256) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", id);
        item.put("kind", kind);
        item.put("version", "1.0");
        if (payload != null) {
            payloads.put(id, payload);
            item.put("href", BASE_PATH + "/updates/" + id + "/payload");
            item.put("size", payload.length);
            item.put("sha256", sha256 != null ? sha256 : FirmwareVerifier.sha256Hex(payload));
        }
        item.put("created", System.currentTimeMillis());
        pending.put(id, item);
        answerHeld(changed());
        return item;
    }

    /** Answers the held ping (if any) with {@code superseded}, as when a newer ping of the device arrives. */
    void supersede() {
        answerHeld("{\"status\":\"superseded\",\"serverTime\":" + System.currentTimeMillis() + "}");
    }

    private String changed() {
        return Json.write(Map.of("status", "changed", "updates", List.copyOf(pending.values()),
                "serverTime", System.currentTimeMillis()));
    }

    private void answerHeld(String answer) {
        synchronized (lock) {
            if (current != null && current.answer == null) {
                current.answer = answer;
                lock.notifyAll();
            }
        }
    }

    private void serve(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        byte[] body = ex.getRequestBody().readAllBytes();
        if (path.equals(BASE_PATH + "/ping")) {
            ping(ex, body);
        } else if (path.equals(BASE_PATH + "/updates")) {
            send(ex, 200, "application/json", Json.write(Map.of("updates", List.copyOf(pending.values()),
                    "heartbeat", Map.of("min", min, "max", max), "serverTime", System.currentTimeMillis())));
        } else if (path.startsWith(BASE_PATH + "/updates/") && path.endsWith("/payload")) {
            payload(ex, path.substring((BASE_PATH + "/updates/").length(), path.length() - "/payload".length()));
        } else if (path.startsWith(BASE_PATH + "/updates/") && path.endsWith("/status")) {
            String id = path.substring((BASE_PATH + "/updates/").length(), path.length() - "/status".length());
            String state = Json.MAPPER.readTree(body).get("state").asText();
            reports.add(id + ":" + state);
            String before = states.get(id);
            if (before != null && FINAL.contains(before) && !before.equals(state)) {
                send(ex, 409, "application/problem+json", "{\"type\":\"about:blank\",\"title\":\"Conflict\","
                        + "\"status\":409,\"detail\":\"state: update is already " + before + "\"}");
                return;
            }
            states.put(id, state);
            if (FINAL.contains(state)) {
                pending.remove(id);
            }
            ex.sendResponseHeaders(204, -1);
        } else {
            send(ex, 404, "application/problem+json", "{\"status\":404,\"detail\":\"" + path + "\"}");
        }
    }

    private void ping(HttpExchange ex, byte[] body) throws IOException {
        JsonNode json = Json.MAPPER.readTree(body);
        int h = json.get("heartbeat").asInt();
        pingHeartbeats.add(h);
        if (pingError != 0) {
            ex.getResponseHeaders().add("Retry-After", "7");
            send(ex, pingError, "application/problem+json", "{\"type\":\"about:blank\",\"title\":\"busy\","
                    + "\"status\":" + pingError + ",\"detail\":\"hub busy\"}");
            return;
        }
        if (h < min || h > max) {
            send(ex, 400, "application/problem+json", "{\"type\":\"about:blank\",\"title\":\"Bad Request\","
                    + "\"status\":400,\"detail\":\"heartbeat: out of bounds\",\"minHeartbeat\":" + min
                    + ",\"maxHeartbeat\":" + max + "}");
            return;
        }
        Held mine = new Held();
        synchronized (lock) {
            if (current != null && current.answer == null) {
                current.answer = "{\"status\":\"superseded\",\"serverTime\":" + System.currentTimeMillis() + "}";
            }
            current = mine;
            if (!pending.isEmpty()) {
                mine.answer = changed();
            }
            held.incrementAndGet();
            long until = System.currentTimeMillis() + (blackHole ? 3_600_000L : h * 1000L);
            try {
                while (mine.answer == null && System.currentTimeMillis() < until) {
                    lock.wait(Math.max(1, until - System.currentTimeMillis()));
                }
            } catch (InterruptedException e) {
                return; // server closing
            } finally {
                held.decrementAndGet();
            }
            if (mine.answer == null) {
                mine.answer = "{\"status\":\"no-change\",\"heartbeat\":" + h + ",\"serverTime\":"
                        + System.currentTimeMillis() + "}";
            }
            lock.notifyAll();
        }
        send(ex, 200, "application/json", mine.answer);
    }

    private void payload(HttpExchange ex, String id) throws IOException {
        byte[] p = payloads.get(id);
        int number;
        synchronized (payloadRequests) {
            payloadRequests.add(Map.of("range", String.valueOf(ex.getRequestHeaders().getFirst("Range")),
                    "if-range", String.valueOf(ex.getRequestHeaders().getFirst("If-Range"))));
            number = payloadRequests.size();
        }
        if (p == null) {
            send(ex, 404, "application/problem+json", "{\"status\":404,\"detail\":\"no such update\"}");
            return;
        }
        String etag = "\"" + FirmwareVerifier.sha256Hex(p) + "\"";
        ex.getResponseHeaders().add("ETag", etag);
        ex.getResponseHeaders().add("Accept-Ranges", "bytes");
        String range = ex.getRequestHeaders().getFirst("Range");
        String ifRange = ex.getRequestHeaders().getFirst("If-Range");
        int from = 0;
        int to = p.length - 1;
        int status = 200;
        if (rangeSupport && range != null && (ifRange == null || ifRange.equals(etag))) {
            Matcher m = RANGE.matcher(range);
            if (!m.matches() || Integer.parseInt(m.group(1)) >= p.length) {
                ex.getResponseHeaders().add("Content-Range", "bytes */" + p.length);
                send(ex, 416, "application/problem+json", "{\"status\":416,\"detail\":\"Range\"}");
                return;
            }
            from = Integer.parseInt(m.group(1));
            to = m.group(2).isEmpty() ? p.length - 1 : Math.min(p.length - 1, Integer.parseInt(m.group(2)));
            status = 206;
            ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + to + "/" + p.length);
        }
        ex.getResponseHeaders().add("Content-Type", "application/octet-stream");
        int len = to - from + 1;
        ex.sendResponseHeaders(status, len == 0 ? -1 : len);
        OutputStream out = ex.getResponseBody();
        if (number == cutRequest && cutAfter < len) {
            out.write(p, from, cutAfter);
            out.flush();
            throw new IOException("cut"); // closing the exchange short of Content-Length drops the connection
        }
        out.write(p, from, len);
        out.close();
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (current != null && current.answer == null) {
                current.answer = "{\"status\":\"superseded\"}";
            }
            lock.notifyAll();
        }
        server.stop(0);
        pool.shutdownNow();
    }
}
