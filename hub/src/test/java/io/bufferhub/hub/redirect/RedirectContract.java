package io.bufferhub.hub.redirect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import io.bufferhub.common.ContentDigest;
import io.bufferhub.hub.support.HubTestBase;
import io.bufferhub.hub.support.RawHttp;
import io.bufferhub.hub.support.TestHub;
import io.bufferhub.sim.push.HubClient;
import io.bufferhub.sim.push.HubClient.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * PROTOCOL.md §6 redirection and the §9 redirect operator API, black-box over real HTTP against a real hub and
 * database: every rule kind, 307/308 with a Location that keeps path and query, the redirect given instead of
 * {@code 100 Continue}, authentication first, a change in force on the very next request (and on another node
 * within a second), refused lists that leave the old one in force, and the start-up file.
 */
abstract class RedirectContract extends HubTestBase {

    static final String A = "https://a.example.com/bpp/v1";
    static final String B = "https://b.example.com/bpp/v1";
    static final String C = "http://10.0.0.3:8080/c/bpp/v1";
    static final String D = "https://d.example.com/bpp/v1";
    private static final AtomicInteger SERIALS = new AtomicInteger();

    @AfterEach
    void clearRules() throws Exception {
        putRules("[]");
    }

    /** A registered device with its own name and group: {@code <prefix>-<db>-<n>}. */
    String device(String prefix, String name, String group) throws Exception {
        String serial = prefix + "-" + kind().name().charAt(0) + "-" + SERIALS.incrementAndGet();
        Answer a = client.putDevice(TestHub.ADMIN_TOKEN, serial, name, SECRET, group);
        assertEquals(201, a.status(), a.body());
        return serial;
    }

    String device() throws Exception {
        return device("RD", "plain", "none");
    }

    JsonNode putRules(String rulesArray) throws Exception {
        Answer a = admin("PUT", "/admin/redirects", "{\"rules\":" + rulesArray + "}");
        assertEquals(200, a.status(), a.body());
        return json(a);
    }

    static String rule(String match, String target) {
        return "{\"match\":" + match + "," + target + "}";
    }

    static String to(String url) {
        return "\"to\":\"" + url + "\"";
    }

    Answer push(String serial, long seq) throws Exception {
        return client.push(serial, SECRET, seq, bytes("line " + seq + "\r\n"));
    }

    Answer device(String serial, String method, String pathAfterSerial, String body) throws Exception {
        return client.send(method, "/bpp/v1/devices/" + serial + pathAfterSerial, HubClient.basic(serial, SECRET),
                body == null ? Map.of() : Map.of("Content-Type", "application/json"), body == null ? null : bytes(body));
    }

    static void assertRedirect(Answer a, int status, String location) {
        assertEquals(status, a.status(), a.body());
        assertEquals(location, a.header("location"));
        assertEquals("no-store", a.header("cache-control"));
        assertEquals("", a.body());
    }

    @Test
    void eachRuleKindRedirectsItsDevicesAndNoMatchIsServedHere() throws Exception {
        String bySerial = device();
        String byPattern = device("PAT", "plain", "none");
        String inGroup = device("RD", "plain", "north-" + kind());
        String byName = device("RD", "Reception " + kind(), "none");
        String other = device();
        putRules("[" + rule("{\"serial\":\"" + bySerial + "\"}", to(A)) + ","
                + rule("{\"serialPattern\":\"PAT-?-*\"}", to(B)) + ","
                + rule("{\"group\":\"north-" + kind() + "\"}", to(C)) + ","
                + rule("{\"name\":\"Reception " + kind() + "\"}", to(D)) + "]");
        assertRedirect(push(bySerial, 1), 307, A + "/devices/" + bySerial + "/batches/1");
        assertRedirect(push(byPattern, 1), 307, B + "/devices/" + byPattern + "/batches/1");
        assertRedirect(push(inGroup, 1), 307, C + "/devices/" + inGroup + "/batches/1");
        assertRedirect(push(byName, 1), 307, D + "/devices/" + byName + "/batches/1");
        for (String s : new String[] {bySerial, byPattern, inGroup, byName}) {
            assertEquals(0, storedBatches(s), s + ": nothing is stored for a redirected push");
        }
        Answer served = push(other, 1);
        assertEquals(201, served.status(), "no rule matches: served here");
        assertNull(served.header("location"));
        assertEquals(1, storedBatches(other));
    }

    @Test
    void firstMatchWinsAndTheEmptyMatchTakesEveryone() throws Exception {
        String first = device("RD", "n", "g-" + kind());
        String second = device("RD", "n", "g-" + kind());
        String anyone = device();
        putRules("[" + rule("{\"serial\":\"" + first + "\"}", to(A)) + ","
                + rule("{\"group\":\"g-" + kind() + "\"}", to(B)) + "," + rule("{}", to(C)) + "]");
        assertEquals(A + "/devices/" + first + "/batches/1", push(first, 1).header("location"));
        assertEquals(B + "/devices/" + second + "/batches/1", push(second, 1).header("location"));
        assertEquals(C + "/devices/" + anyone + "/batches/1", push(anyone, 1).header("location"));
    }

    @Test
    void permanentIs308AndOtherwise307() throws Exception {
        String moved = device();
        String visiting = device();
        putRules("[" + rule("{\"serial\":\"" + moved + "\"}", to(A) + ",\"permanent\":true") + ","
                + rule("{\"serial\":\"" + visiting + "\"}", to(B) + ",\"permanent\":false") + "]");
        assertRedirect(push(moved, 1), 308, A + "/devices/" + moved + "/batches/1");
        assertRedirect(push(visiting, 1), 307, B + "/devices/" + visiting + "/batches/1");
    }

    @Test
    void expectContinueGetsTheRedirectInsteadOf100AndTheBodyIsNeverRead() throws Exception {
        String serial = device();
        putRules("[" + rule("{\"serial\":\"" + serial + "\"}", to(A)) + "]");
        byte[] body = bytes("never sent\r\n");
        try (RawHttp raw = new RawHttp(hub.port())) {
            String head = raw.write(pushHead(serial, 1, body, "Expect: 100-continue")).readHead();
            assertEquals(307, RawHttp.status(head), head);
            assertFalse(head.contains(" 100 "), head);
            String lower = head.toLowerCase(java.util.Locale.ROOT);
            assertTrue(lower.contains("location: " + A.toLowerCase(java.util.Locale.ROOT) + "/devices/"
                    + serial.toLowerCase(java.util.Locale.ROOT) + "/batches/1\r\n"), head);
            assertTrue(lower.contains("content-length: 0\r\n"), head);
            assertTrue(lower.contains("cache-control: no-store\r\n"), head);
            assertTrue(lower.contains("connection: close\r\n"), "the announced body is not waited for: " + head);
            long t0 = System.nanoTime();
            assertEquals("", raw.readRest(5000), "nothing after the redirect");
            assertTrue(System.nanoTime() - t0 < 4_000_000_000L, "the hub closed the connection, no hang");
        }
        try (RawHttp raw = new RawHttp(hub.port())) { // no Expect: the body is on its way, the answer is the same
            String head = raw.write(pushHead(serial, 1, body)).write(body, body.length).readHead();
            assertEquals(307, RawHttp.status(head), head);
        }
        assertEquals(0, storedBatches(serial));
    }

    String pushHead(String serial, long seq, byte[] body, String... extra) {
        StringBuilder sb = new StringBuilder("POST /bpp/v1/devices/" + serial + "/batches/" + seq + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\nAuthorization: " + HubClient.basic(serial, SECRET) + "\r\n"
                + "Content-Type: text/plain\r\nContent-Length: " + body.length + "\r\n"
                + "Content-Digest: " + ContentDigest.headerFor(body) + "\r\n");
        for (String h : extra) {
            sb.append(h).append("\r\n");
        }
        return sb.append("\r\n").toString();
    }

    @Test
    void everyDevicePathIsRedirectedKeepingPathAndQuery() throws Exception {
        String serial = device();
        putRules("[" + rule("{\"serial\":\"" + serial + "\"}", to(A + "/")) + "]");
        String base = A + "/devices/" + serial;
        assertRedirect(device(serial, "GET", "/updates?since=5&x=a%20b", null), 307, base + "/updates?since=5&x=a%20b");
        assertRedirect(device(serial, "POST", "/ping", "{\"heartbeat\": 60}"), 307, base + "/ping");
        assertRedirect(device(serial, "GET", "/updates/u-1/payload", null), 307, base + "/updates/u-1/payload");
        assertRedirect(device(serial, "POST", "/updates/u-1/status", "{\"state\":\"applied\"}"), 307,
                base + "/updates/u-1/status");
        assertRedirect(device(serial, "POST", "/diagnostics/d-1", "{}"), 307, base + "/diagnostics/d-1");
        assertRedirect(client.push(serial, SECRET, 9, bytes("x\n"), Map.of("X-Channel", "aux")), 307, base + "/batches/9");
        assertEquals(0, hub.count("SELECT COUNT(*) FROM diagnostics WHERE serial = ?", serial));
        assertFalse(json(admin("GET", "/admin/devices/" + serial, null)).get("heartbeat").get("history").size() > 0,
                "the redirected ping was not taken here");
    }

    @Test
    void aRedirectWithoutABodyKeepsTheConnectionUsable() throws Exception {
        String serial = device();
        putRules("[" + rule("{\"serial\":\"" + serial + "\"}", to(A)) + "]");
        String get = "GET /bpp/v1/devices/" + serial + "/updates HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
                + HubClient.basic(serial, SECRET) + "\r\n\r\n";
        try (RawHttp raw = new RawHttp(hub.port())) {
            assertEquals(307, RawHttp.status(raw.write(get).readHead()));
            String again = raw.write(get).readHead();
            assertEquals(307, RawHttp.status(again), "a second request on the same connection: " + again);
        }
    }

    @Test
    void aRuleChangeTakesEffectOnTheVeryNextRequest() throws Exception {
        String serial = device();
        assertEquals(201, push(serial, 1).status());
        putRules("[" + rule("{\"serial\":\"" + serial + "\"}", to(A)) + "]");
        assertEquals(307, push(serial, 2).status());
        putRules("[" + rule("{\"serial\":\"" + serial + "\"}", to(B) + ",\"permanent\":true") + "]");
        assertRedirect(push(serial, 2), 308, B + "/devices/" + serial + "/batches/2");
        putRules("[]");
        assertEquals(201, push(serial, 2).status());
        assertEquals(2, storedBatches(serial));
    }

    @Test
    void aDeviceChangedThroughTheOperatorApiIsMatchedOnItsNextRequest() throws Exception {
        String serial = device("RD", "before", "south");
        putRules("[" + rule("{\"group\":\"moved-" + kind() + "\"}", to(A)) + ","
                + rule("{\"name\":\"renamed\"}", to(B)) + "]");
        assertEquals(201, push(serial, 1).status(), "cached now, with name and group");
        assertEquals(200, client.putDevice(TestHub.ADMIN_TOKEN, serial, "before", null, "moved-" + kind()).status());
        assertEquals(A + "/devices/" + serial + "/batches/2", push(serial, 2).header("location"));
        assertEquals(200, client.putDevice(TestHub.ADMIN_TOKEN, serial, "renamed", null, "south").status());
        assertEquals(B + "/devices/" + serial + "/batches/2", push(serial, 2).header("location"));
    }

    @Test
    void poolsSpreadRoundRobinStickyByHashAndByWeight() throws Exception {
        String rr = device();
        String hashed = device();
        String weighted = device();
        putRules("[" + rule("{\"serial\":\"" + rr + "\"}", "\"pool\":[\"" + A + "\",\"" + B + "\"]") + ","
                + rule("{\"serial\":\"" + hashed + "\"}", "\"pool\":[\"" + A + "\",\"" + B + "\",\"" + C
                        + "\"],\"spread\":\"hash\"") + ","
                + rule("{\"serial\":\"" + weighted + "\"}", "\"pool\":[\"" + A + "\",\"" + B
                        + "\"],\"spread\":\"weighted\",\"weights\":[3,1]") + "]");
        String first = push(rr, 1).header("location");
        String second = push(rr, 1).header("location");
        assertEquals(Set.of(A + "/devices/" + rr + "/batches/1", B + "/devices/" + rr + "/batches/1"),
                Set.of(first, second), "round-robin: per request");
        assertEquals(first, push(rr, 1).header("location"));
        Set<String> sticky = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            sticky.add(push(hashed, 1).header("location"));
        }
        assertEquals(1, sticky.size(), "hash: always the same target for one device " + sticky);
        Map<String, Integer> shares = new HashMap<>();
        for (int i = 0; i < 8; i++) {
            shares.merge(push(weighted, 1).header("location").replace("/devices/" + weighted + "/batches/1", ""), 1,
                    Integer::sum);
        }
        assertEquals(Map.of(A, 6, B, 2), shares, "weighted 3:1");
    }

    @Test
    void authenticationComesFirst() throws Exception {
        String serial = device();
        String other = device();
        putRules("[" + rule("{}", to(A)) + "]");
        assertProblem(client.push(serial, "wrong secret", 1, bytes("x\n")), 401, "Authorization");
        assertProblem(client.push("NOBODY-" + kind(), SECRET, 1, bytes("x\n")), 401, "Authorization");
        assertProblem(client.send("GET", "/bpp/v1/devices/" + serial + "/updates", null, Map.of(), null), 401,
                "Authorization");
        assertProblem(client.send("GET", "/bpp/v1/devices/" + other + "/updates", HubClient.basic(serial, SECRET),
                Map.of(), null), 403, "serial");
        assertProblem(client.send("GET", "/bpp/v1/devices/bad%20serial/updates", HubClient.basic(serial, SECRET),
                Map.of(), null), 400, "serial");
        byte[] body = bytes("x\n");
        try (RawHttp raw = new RawHttp(hub.port())) {
            String head = raw.write(pushHead(serial, 1, body, "Expect: 100-continue").replace(
                    HubClient.basic(serial, SECRET), HubClient.basic(serial, "wrong"))).readHead();
            assertEquals(401, RawHttp.status(head), head);
        }
        assertEquals(307, push(serial, 1).status(), "with the right secret: the redirect");
    }

    @Test
    void aDisabledDeviceIs403NotARedirect() throws Exception {
        String serial = device();
        putRules("[" + rule("{}", to(A)) + "]");
        assertEquals(200, admin("PUT", "/admin/devices/" + serial, "{\"enabled\":false}").status());
        assertProblem(push(serial, 1), 403, "disabled");
    }

    @Test
    void getShowsTheListInForceAndNeedsTheToken() throws Exception {
        JsonNode empty = json(admin("GET", "/admin/redirects", null));
        assertEquals(0, empty.get("rules").size());
        assertTrue(empty.get("serverTime").asLong() > 0);
        JsonNode put = putRules("[" + rule("{\"serialPattern\":\"ACME-*\"}", "\"pool\":[\"" + A + "/\",\"" + B
                + "\"],\"spread\":\"hash\"") + "," + rule("{}", to(C) + ",\"permanent\":true") + "]");
        assertTrue(put.get("serverTime").asLong() > 0);
        JsonNode got = json(admin("GET", "/admin/redirects", null));
        assertEquals(put.get("rules"), got.get("rules"));
        assertEquals(A, got.get("rules").get(0).get("pool").get(0).asText(), "trailing slash normalised");
        assertEquals("hash", got.get("rules").get(0).get("spread").asText());
        assertEquals("ACME-*", got.get("rules").get(0).get("match").get("serialPattern").asText());
        assertTrue(got.get("rules").get(1).get("permanent").asBoolean());
        assertProblem(client.admin("not-the-token-at-all", "GET", "/admin/redirects", null), 401, "Authorization");
        assertProblem(client.send("PUT", "/admin/redirects", null, Map.of("Content-Type", "application/json"),
                bytes("{\"rules\":[]}")), 401, "Authorization");
        assertEquals(2, json(admin("GET", "/admin/redirects", null)).get("rules").size(), "unchanged");
    }

    @Test
    void aMalformedListIs400NamingTheFaultAndTheOldListStays() throws Exception {
        String serial = device();
        JsonNode old = putRules("[" + rule("{\"serial\":\"" + serial + "\"}", to(A)) + "]");
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("{\"rules\":[{\"match\":{},\"to\":\"" + A + "\",\"colour\":\"red\"}]}", "colour");
        bad.put("{\"rules\":[{\"match\":{\"serial\":\"S1\",\"colour\":1},\"to\":\"" + A + "\"}]}", "colour");
        bad.put("{\"rules\":[],\"extra\":true}", "extra");
        bad.put("{\"rules\":[{\"to\":\"" + A + "\"}]}", "match");
        bad.put("{\"rules\":[{\"match\":{}}]}", "pool");
        bad.put("{\"rules\":[{\"match\":{},\"to\":\"" + A + "\",\"pool\":[\"" + B + "\"]}]}", "pool");
        bad.put("{\"rules\":[{\"match\":{},\"to\":\"ftp://a.example.com/bpp/v1\"}]}", "rules[0].to");
        bad.put("{\"rules\":[{\"match\":{},\"to\":\"https://u:p@a.example.com/bpp/v1\"}]}", "rules[0].to");
        bad.put("{\"rules\":[{\"match\":{},\"to\":\"https://a.example.com/bpp/v1?x=1\"}]}", "rules[0].to");
        bad.put("{\"rules\":[{\"match\":{},\"to\":\"https://a.example.com/api\"}]}", "rules[0].to");
        bad.put("{\"rules\":[{\"match\":{},\"pool\":[]}]}", "rules[0].pool");
        bad.put("{\"rules\":[{\"match\":{},\"to\":\"" + A + "\",\"spread\":\"hash\"}]}", "spread");
        bad.put("{\"rules\":[{\"match\":{},\"pool\":[\"" + A + "\",\"" + B + "\"],\"spread\":\"weighted\","
                + "\"weights\":[1]}]}", "weights");
        bad.put("{\"rules\":[{\"match\":{},\"pool\":[\"" + A + "\"],\"weights\":[1]}]}", "weights");
        bad.put("{\"rules\":[{\"match\":{},\"to\":\"" + A + "\",\"permanent\":\"yes\"}]}", "permanent");
        bad.put("{\"rules\":\"all\"}", "rules");
        bad.put("{}", "rules");
        bad.put("not json", "JSON");
        for (Map.Entry<String, String> e : bad.entrySet()) {
            Answer a = admin("PUT", "/admin/redirects", e.getKey());
            assertProblem(a, 400, e.getValue());
        }
        assertProblem(client.send("PUT", "/admin/redirects", "Bearer " + TestHub.ADMIN_TOKEN,
                Map.of("Content-Type", "application/x-www-form-urlencoded"), bytes("{\"rules\":[]}")), 400, "Content-Type");
        assertEquals(old.get("rules"), json(admin("GET", "/admin/redirects", null)).get("rules"), "the old list stays");
        assertEquals(A + "/devices/" + serial + "/batches/1", push(serial, 1).header("location"), "and stays in force");
    }

    @Test
    void aChangeMadeOnAnotherNodeIsInForceHereWithinASecond() throws Exception {
        String serial = device();
        try (TestHub other = TestHub.start(hub.jdbc(), Files.createTempDirectory("redirect-node-"), settings())) {
            Answer put = other.client().admin(TestHub.ADMIN_TOKEN, "PUT", "/admin/redirects",
                    "{\"rules\":[" + rule("{\"serial\":\"" + serial + "\"}", to(D)) + "]}");
            assertEquals(200, put.status(), put.body());
            long t0 = System.nanoTime();
            Answer a = device(serial, "GET", "/updates", null);
            while (a.status() != 307 && System.nanoTime() - t0 < 3_000_000_000L) {
                Thread.sleep(20);
                a = device(serial, "GET", "/updates", null);
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertRedirect(a, 307, D + "/devices/" + serial + "/updates");
            assertTrue(ms < 1000, "in force here " + ms + " ms after the change on the other node");
        }
    }

    @Test
    void theStartUpFileReplacesTheStoredListAndAnInvalidOneStopsTheHub() throws Exception {
        String serial = device();
        putRules("[" + rule("{}", to(A)) + "]");
        Path dir = Files.createTempDirectory("redirect-file-");
        Path file = Files.writeString(dir.resolve("redirects.json"),
                "{\"rules\":[" + rule("{\"serial\":\"" + serial + "\"}", to(B + "/") + ",\"permanent\":true") + "]}");
        Map<String, String> withFile = new HashMap<>(settings());
        withFile.put("bufferhub.redirects.file", file.toString());
        try (TestHub restarted = TestHub.start(hub.jdbc(), dir, withFile)) {
            JsonNode rules = ok(restarted.client().admin(TestHub.ADMIN_TOKEN, "GET", "/admin/redirects", null));
            assertEquals(1, rules.get("rules").size());
            assertEquals(B, rules.get("rules").get(0).get("to").asText());
            Answer a = restarted.client().push(serial, SECRET, 1, bytes("x\n"));
            assertRedirect(a, 308, B + "/devices/" + serial + "/batches/1");
        }
        Files.writeString(file, "{\"rules\":[{\"match\":{},\"to\":\"" + A + "\",\"spread\":\"hash\"}]}");
        Exception refused = assertThrows(Exception.class,
                () -> TestHub.start(hub.jdbc(), Files.createTempDirectory("redirect-bad-"), withFile).close());
        assertTrue(chain(refused).contains("bufferhub.redirects.file") && chain(refused).contains("rules[0].spread"),
                chain(refused));
        // this node sees the restarted node's list within its version check; the refused file changed nothing
        long deadline = System.currentTimeMillis() + 2000;
        String location = push(serial, 1).header("location");
        while (!(B + "/devices/" + serial + "/batches/1").equals(location) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
            location = push(serial, 1).header("location");
        }
        assertEquals(B + "/devices/" + serial + "/batches/1", location, "the refused file changed nothing");
    }

    private static JsonNode ok(Answer a) throws Exception {
        assertEquals(200, a.status(), a.body());
        return json(a);
    }

    private static String chain(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c).append(" | ");
        }
        return sb.toString();
    }
}
