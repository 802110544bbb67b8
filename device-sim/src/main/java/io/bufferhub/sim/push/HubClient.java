package io.bufferhub.sim.push;

import io.bufferhub.common.PinnedTrust;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.bufferhub.common.ContentDigest;
import io.bufferhub.common.Json;

/**
 * A small client of the hub speaking PROTOCOL.md §3 and §9 over HTTP or pinned HTTPS. Used by the simulated
 * fleet, the benchmarks and the tests.
 */
public final class HubClient {

    /** An answer: status, headers (lower-case names, first value) and body text. */
    public record Answer(int status, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    private final String baseUrl;
    private final HttpClient http;

    /**
     * @param baseUrl the hub root, e.g. {@code https://localhost:8443} (no trailing slash)
     * @param pins    SHA-256 fingerprints to pin for HTTPS; ignored for plain HTTP
     */
    public HubClient(String baseUrl, Set<String> pins) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER);
        if (this.baseUrl.startsWith("https:")) {
            b.sslContext(PinnedTrust.sslContext(pins));
        }
        this.http = b.build();
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** Pushes a batch with a correct Content-Digest and {@code text/plain}; extra headers are added as given. */
    public Answer push(String serial, String secret, long seq, byte[] body, Map<String, String> extra)
            throws IOException, InterruptedException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "text/plain; charset=US-ASCII");
        headers.put("Content-Digest", ContentDigest.headerFor(body));
        headers.putAll(extra);
        return send("POST", "/bpp/v1/devices/" + serial + "/batches/" + seq, basic(serial, secret), headers, body);
    }

    public Answer push(String serial, String secret, long seq, byte[] body) throws IOException, InterruptedException {
        return push(serial, secret, seq, body, Map.of());
    }

    /** Registers or changes a device through the operator API. */
    public Answer putDevice(String adminToken, String serial, String name, String secret, String group)
            throws IOException, InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("secret", secret);
        if (group != null) {
            body.put("group", group);
        }
        return admin(adminToken, "PUT", "/admin/devices/" + serial, Json.write(body));
    }

    public Answer admin(String adminToken, String method, String path, String jsonBody)
            throws IOException, InterruptedException {
        byte[] body = jsonBody == null ? null : jsonBody.getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = body == null ? Map.of() : Map.of("Content-Type", "application/json");
        return send(method, path, "Bearer " + adminToken, headers, body);
    }

    /** Any request: {@code authorization} may be null; {@code body} null means none. */
    public Answer send(String method, String path, String authorization, Map<String, String> headers, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            rb.header("Authorization", authorization);
        }
        headers.forEach(rb::header);
        HttpResponse<String> r = http.send(rb.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        Map<String, String> h = new LinkedHashMap<>();
        r.headers().map().forEach((k, v) -> h.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
        return new Answer(r.statusCode(), h, r.body());
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
