package io.bufferhub.hub.updates;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import io.bufferhub.common.Json;
import io.bufferhub.hub.support.HubTestBase;
import io.bufferhub.hub.support.TestHub;
import io.bufferhub.sim.push.HubClient;
import io.bufferhub.sim.push.HubClient.Answer;

/**
 * What the update black-box tests share: a hub (update beans bound by HubSetup),
 * publishing through the operator API, and a byte-exact HTTP client for payload downloads (HubClient reads
 * bodies as text).
 */
abstract class UpdateTestBase extends HubTestBase {

    private static final AtomicInteger GROUPS = new AtomicInteger();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    /** A payload download: status, headers (lower-case names, first value) and the exact bytes. */
    record Raw(int status, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name);
        }
    }

    protected String newDevice(String group) throws Exception {
        String serial = newDevice();
        Answer a = client.putDevice(TestHub.ADMIN_TOKEN, serial, "Test " + serial, null, group);
        assertEquals(200, a.status(), a.body());
        return serial;
    }

    protected static String newGroup() {
        return "grp-" + System.nanoTime() + "-" + GROUPS.incrementAndGet();
    }

    protected static Map<String, Object> update(Map<String, Object> target, String kind, String version,
                                                byte[] payload) {
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("target", target);
        u.put("kind", kind);
        u.put("version", version);
        if (payload != null) {
            u.put("payload", Base64.getEncoder().encodeToString(payload));
        }
        return u;
    }

    protected Answer publish(Map<String, Object> body) throws Exception {
        return admin("POST", "/admin/updates", Json.write(body));
    }

    /** Publishes and returns the new update id; fails unless 201. */
    protected String published(Map<String, Object> body) throws Exception {
        Answer a = publish(body);
        assertEquals(201, a.status(), a.body());
        return json(a).get("id").asText();
    }

    protected JsonNode checkIn(String serial) throws Exception {
        Answer a = device(serial, "GET", "/updates", null);
        assertEquals(200, a.status(), a.body());
        return json(a);
    }

    protected Answer device(String serial, String method, String rest, String jsonBody) throws Exception {
        return client.send(method, "/bpp/v1/devices/" + serial + rest, HubClient.basic(serial, SECRET),
                jsonBody == null ? Map.of() : Map.of("Content-Type", "application/json"),
                jsonBody == null ? null : jsonBody.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    protected Answer report(String serial, String id, String state, String detail) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("state", state);
        if (detail != null) {
            body.put("detail", detail);
        }
        return device(serial, "POST", "/updates/" + id + "/status", Json.write(body));
    }

    /** GET with the device's credentials and extra headers, reading the body as bytes. */
    protected Raw download(String serial, String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(hub.url() + path)).timeout(Duration.ofSeconds(60))
                .GET().header("Authorization", HubClient.basic(serial, SECRET));
        headers.forEach(rb::header);
        HttpResponse<byte[]> r = http.send(rb.build(), HttpResponse.BodyHandlers.ofByteArray());
        Map<String, String> h = new LinkedHashMap<>();
        r.headers().map().forEach((k, v) -> h.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
        return new Raw(r.statusCode(), h, r.body());
    }
}
