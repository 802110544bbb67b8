package io.bufferhub.hub.updates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import io.bufferhub.common.ContentDigest;
import io.bufferhub.common.Json;
import io.bufferhub.hub.support.TestHub;
import io.bufferhub.sim.push.HubClient;
import io.bufferhub.sim.push.HubClient.Answer;
import org.junit.jupiter.api.Test;

/**
 * PROTOCOL.md §5 check-in and §9 publishing, black-box against a real hub and database: targets (a group is
 * resolved when published), the exact shape of update items, the operator view and every kind of bad input.
 */
abstract class UpdatePublishContract extends UpdateTestBase {

    @Test
    void publishedToASerialIsListedAtCheckInExactlyAsSpecified() throws Exception {
        String serial = newDevice();
        String other = newDevice();
        byte[] config = bytes("capture.port=/dev/ttyS0\nbatch.maxBytes=65536\n");
        Answer a = publish(update(Map.of("serial", serial), "config", "2026.11-1", config));
        assertEquals(201, a.status(), a.body());
        assertEquals("application/json", a.header("content-type"));
        JsonNode created = json(a);
        String id = created.get("id").asText();
        assertTrue(created.get("serverTime").asLong() > 0);
        assertEquals("/admin/updates/" + id, a.header("location"));

        JsonNode in = checkIn(serial);
        assertEquals(60, in.get("heartbeat").get("min").asInt());
        assertEquals(3540, in.get("heartbeat").get("max").asInt());
        assertTrue(in.get("serverTime").asLong() > 0);
        assertEquals(1, in.get("updates").size());
        JsonNode item = in.get("updates").get(0);
        List<String> fields = new ArrayList<>();
        item.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("id", "kind", "version", "href", "size", "sha256", "created"), fields);
        assertEquals(id, item.get("id").asText());
        assertEquals("config", item.get("kind").asText());
        assertEquals("2026.11-1", item.get("version").asText());
        assertEquals("/bpp/v1/devices/" + serial + "/updates/" + id + "/payload", item.get("href").asText());
        assertEquals(config.length, item.get("size").asLong());
        assertEquals(ContentDigest.hex(ContentDigest.sha256(config)), item.get("sha256").asText());
        assertTrue(item.get("created").asLong() > 0);
        assertEquals(0, checkIn(other).get("updates").size(), "another device gets nothing");
    }

    @Test
    void groupIsResolvedWhenPublishedNotLater() throws Exception {
        String group = newGroup();
        String a = newDevice(group);
        String b = newDevice(group);
        Answer answer = publish(update(Map.of("group", group), "routes", "r7", bytes("- route: {}\n")));
        assertEquals(201, answer.status(), answer.body());
        String id = json(answer).get("id").asText();
        assertEquals(Set.of(a, b), names(json(answer).get("devices")));
        String late = newDevice(group);

        assertEquals(id, checkIn(a).get("updates").get(0).get("id").asText());
        assertEquals(id, checkIn(b).get("updates").get(0).get("id").asText());
        assertEquals(0, checkIn(late).get("updates").size(), "joined the group after the publish");

        JsonNode view = json(admin("GET", "/admin/updates/" + id, null));
        assertEquals(id, view.get("id").asText());
        assertEquals("routes", view.get("kind").asText());
        assertEquals("r7", view.get("version").asText());
        assertEquals(group, view.get("target").get("group").asText());
        assertEquals(2, view.get("devices").size());
        for (JsonNode d : view.get("devices")) {
            assertEquals("pending", d.get("state").asText());
            assertTrue(d.get("updatedAt").asLong() > 0);
            assertTrue(d.has("detail"));
        }
        assertEquals(new TreeSet<>(Set.of(a, b)), new TreeSet<>(names(view.get("devices"))));
        assertTrue(view.get("serverTime").asLong() > 0);
    }

    @Test
    void updatesAreListedOldestFirstAndFirmwareCarriesItsSignature() throws Exception {
        String serial = newDevice();
        String first = published(update(Map.of("serial", serial), "config", "1", bytes("a=1\n")));
        Map<String, Object> fw = update(Map.of("serial", serial), "firmware", "2.0.0", new byte[] {1, 2, 3, 4});
        String signature = java.util.Base64.getEncoder().encodeToString(new byte[64]);
        fw.put("signature", signature);
        String second = published(fw);
        String third = published(update(Map.of("serial", serial), "diagnostics", "now", null));
        JsonNode items = checkIn(serial).get("updates");
        assertEquals(List.of(first, second, third), List.of(items.get(0).get("id").asText(),
                items.get(1).get("id").asText(), items.get(2).get("id").asText()));
        assertEquals(signature, items.get(1).get("signature").asText());
        assertFalse(items.get(0).has("signature"), "only firmware is signed");
        JsonNode diag = items.get(2);
        assertEquals("diagnostics", diag.get("kind").asText());
        for (String absent : new String[] {"href", "size", "sha256", "signature"}) {
            assertFalse(diag.has(absent), "diagnostics has no " + absent);
        }
        assertProblem(device(serial, "GET", "/updates/" + third + "/payload", null), 404, "id");
    }

    @Test
    void commandAcceptsAJsonObjectAndServesItsJsonBytes() throws Exception {
        String serial = newDevice();
        Map<String, Object> u = update(Map.of("serial", serial), "command", "restart-1", null);
        u.put("payload", Map.of("command", "restart"));
        String id = published(u);
        Raw r = download(serial, "/bpp/v1/devices/" + serial + "/updates/" + id + "/payload", Map.of());
        assertEquals(200, r.status());
        assertEquals("application/json", r.header("content-type"));
        assertEquals("restart", Json.readObject(r.body()).get("command"));

        Map<String, Object> b64 =
                update(Map.of("serial", serial), "command", "flush-1", bytes("{\"command\":\"flush\"}"));
        assertEquals(201, publish(b64).status());
        b64.put("payload", java.util.Base64.getEncoder().encodeToString(bytes("not json")));
        assertProblem(publish(b64), 400, "payload");
    }

    @Test
    void firmwareWithoutSignatureAndNoHubKeyGoesOutUnsignedWithAWarning() throws Exception {
        String serial = newDevice();
        Answer a = publish(update(Map.of("serial", serial), "firmware", "3.0.0", new byte[] {9, 8, 7}));
        assertEquals(201, a.status(), a.body());
        assertTrue(json(a).get("warning").asText().contains("signature"), a.body());
        JsonNode item = checkIn(serial).get("updates").get(0);
        List<String> fields = new ArrayList<>();
        item.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("id", "kind", "version", "href", "size", "sha256", "created"), fields,
                "signature omitted, not null");
    }

    /** §5 command: {"command":"restart"}, "restart" or restart, each stored and served exactly as given. */
    @Test
    void commandFormsAreStoredAndServedAsGiven() throws Exception {
        String serial = newDevice();
        String[][] forms = {{"{\"command\":\"restart\"}", "application/json"}, {"\"restart\"", "application/json"},
            {"restart", "text/plain; charset=UTF-8"}, {"flush\n", "text/plain; charset=UTF-8"}};
        for (String[] form : forms) {
            String id = published(update(Map.of("serial", serial), "command", "c", bytes(form[0])));
            Raw r = download(serial, "/bpp/v1/devices/" + serial + "/updates/" + id + "/payload", Map.of());
            assertEquals(200, r.status());
            assertEquals(form[0], new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(form[1], r.header("content-type"), form[0]);
        }
        Map<String, Object> word = update(Map.of("serial", serial), "command", "c", null);
        word.put("payload", "resync-time"); // the command itself rather than its base64
        String id = published(word);
        assertEquals("resync-time", new String(download(serial, "/bpp/v1/devices/" + serial + "/updates/" + id
                + "/payload", Map.of()).body(), java.nio.charset.StandardCharsets.US_ASCII));
        for (String bad : new String[] {"reboot", "\"reboot\"", "[\"restart\"]", "42"}) {
            assertProblem(publish(update(Map.of("serial", serial), "command", "c", bytes(bad))), 400, "payload");
        }
    }

    @Test
    void operatorTokenIsRequired() throws Exception {
        String serial = newDevice();
        String body = Json.write(update(Map.of("serial", serial), "config", "1", bytes("a=1\n")));
        assertProblem(client.send("POST", "/admin/updates", null, Map.of("Content-Type", "application/json"),
                bytes(body)), 401, "Authorization");
        assertProblem(client.admin("wrong-token-0123456789", "POST", "/admin/updates", body), 401, "Authorization");
        assertProblem(client.send("GET", "/admin/updates/x", null, Map.of(), null), 401, "Authorization");
        assertEquals(0, checkIn(serial).get("updates").size());
    }

    @Test
    void badPublishRequestsAre400NamingTheField() throws Exception {
        String serial = newDevice();
        Map<String, Object> target = Map.of("serial", serial);
        byte[] p = bytes("a=1\n");
        assertProblem(publish(with(update(target, "config", "1", p), "color", "red")), 400, "color");
        assertProblem(publish(without(update(target, "config", "1", p), "target")), 400, "target");
        assertProblem(publish(without(update(target, "config", "1", p), "kind")), 400, "kind");
        assertProblem(publish(without(update(target, "config", "1", p), "version")), 400, "version");
        assertProblem(publish(without(update(target, "config", "1", p), "payload")), 400, "payload");
        assertProblem(publish(update(target, "bios", "1", p)), 400, "kind");
        assertProblem(publish(update(target, "config", "", p)), 400, "version");
        assertProblem(publish(with(update(target, "config", "1", null), "payload", "***")), 400, "payload");
        assertProblem(publish(update(target, "diagnostics", "1", p)), 400, "payload");
        assertProblem(publish(with(update(target, "firmware", "1", p), "signature", "AAAA")), 400, "signature");
        assertProblem(publish(with(update(target, "config", "1", p), "signature", "AAAA")), 400, "signature");
        assertProblem(publish(update(Map.of("serial", serial, "group", "g"), "config", "1", p)), 400, "target");
        assertProblem(publish(update(Map.of("device", serial), "config", "1", p)), 400, "target.device");
        assertProblem(publish(update(Map.of("serial", "bad serial!"), "config", "1", p)), 400, "target.serial");
        assertProblem(publish(update(Map.of("serial", "NO-SUCH-DEVICE"), "config", "1", p)), 400, "target.serial");
        assertProblem(publish(update(Map.of("group", newGroup()), "config", "1", p)), 400, "target.group");
        assertProblem(admin("POST", "/admin/updates", "{not json"), 400, "body");
        assertProblem(client.send("POST", "/admin/updates", "Bearer " + TestHub.ADMIN_TOKEN,
                Map.of("Content-Type", "text/plain"), bytes("{}")), 415, "Content-Type");
        assertProblem(admin("GET", "/admin/updates/no-such-update", null), 404, "id");
        assertEquals(0, checkIn(serial).get("updates").size(), "nothing was published");
        assertEquals(0, hub.count("SELECT COUNT(*) FROM update_state WHERE serial = ?", serial));
    }

    @Test
    void checkInNeedsTheDevicesOwnCredentials() throws Exception {
        String serial = newDevice();
        String other = newDevice();
        assertProblem(client.send("GET", "/bpp/v1/devices/" + serial + "/updates", null, Map.of(), null),
                401, "Authorization");
        assertProblem(client.send("GET", "/bpp/v1/devices/" + serial + "/updates", HubClient.basic(other, SECRET),
                Map.of(), null), 403, "serial");
    }

    private static Set<String> names(JsonNode array) {
        Set<String> s = new TreeSet<>();
        for (JsonNode n : array) {
            s.add(n.isTextual() ? n.asText() : n.get("serial").asText());
        }
        return s;
    }

    private static Map<String, Object> with(Map<String, Object> m, String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(m);
        copy.put(key, value);
        return copy;
    }

    private static Map<String, Object> without(Map<String, Object> m, String key) {
        Map<String, Object> copy = new LinkedHashMap<>(m);
        copy.remove(key);
        return copy;
    }
}
