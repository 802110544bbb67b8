package io.bufferhub.hub.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.bufferhub.hub.support.HubTestBase;
import io.bufferhub.sim.push.HubClient.Answer;
import org.junit.jupiter.api.Test;

/** PROTOCOL.md §9 operator API for devices and batches. */
abstract class AdminApiContract extends HubTestBase {

    @Test
    void withoutTheTokenIs401() throws Exception {
        for (String token : new String[] {"wrong-token-wrong-token", ""}) {
            Answer a = client.admin(token, "GET", "/admin/devices", null);
            assertProblem(a, 401, "Authorization");
            assertTrue(a.header("www-authenticate").startsWith("Bearer"));
        }
        assertProblem(client.send("PUT", "/admin/devices/X1", null, java.util.Map.of(), bytes("{\"secret\":\"s\"}")),
                401, "Authorization");
        assertEquals(404, admin("GET", "/admin/devices/X1", null).status(), "nothing was registered");
    }

    @Test
    void putCreatesThenChangesAndNeverReturnsTheSecret() throws Exception {
        String serial = "ADM-" + kind() + "-1";
        Answer created = admin("PUT", "/admin/devices/" + serial,
                "{\"name\":\"Front desk\",\"secret\":\"s3cret-s3cret\",\"group\":\"acme\",\"enabled\":true}");
        assertEquals(201, created.status(), created.body());
        Answer changed = admin("PUT", "/admin/devices/" + serial, "{\"name\":\"Back office\",\"group\":\"acme-2\"}");
        assertEquals(200, changed.status(), changed.body());
        JsonNode view = json(admin("GET", "/admin/devices/" + serial, null));
        assertEquals("Back office", view.get("name").asText());
        assertEquals("acme-2", view.get("group").asText());
        assertTrue(view.get("enabled").asBoolean());
        for (String field : new String[] {"serial", "lastSeen", "lastSeq", "heartbeat", "pinging", "firewallSuspect",
                "gaps", "serverTime"}) {
            assertTrue(view.has(field), "view has " + field + ": " + view);
        }
        assertTrue(view.get("heartbeat").has("history"));
        assertFalse(created.body().contains("s3cret") || changed.body().contains("s3cret") || view.toString().contains("s3cret"));
        assertFalse(view.toString().contains("pbkdf2"), "no hash either");
        assertEquals(201, client.push(serial, "s3cret-s3cret", 1, bytes("x\n")).status(), "secret kept on change");
        JsonNode list = json(admin("GET", "/admin/devices", null));
        assertTrue(list.get("devices").isArray());
        assertTrue(list.toString().contains(serial));
    }

    @Test
    void badDeviceInputIs400AndChangesNothing() throws Exception {
        String serial = newDevice();
        String path = "/admin/devices/" + serial;
        assertProblem(admin("PUT", path, "{\"name\":\"x\",\"colour\":\"red\"}"), 400, "colour");
        assertProblem(admin("PUT", path, "{\"enabled\":\"yes\"}"), 400, "enabled");
        assertProblem(admin("PUT", path, "{not json"), 400, "JSON");
        assertProblem(admin("PUT", path, "[1,2]"), 400, "object");
        assertProblem(admin("PUT", path, "{\"name\":\"" + "n".repeat(129) + "\"}"), 400, "name");
        assertProblem(admin("PUT", "/admin/devices/NEW-" + serial, "{\"name\":\"no secret\"}"), 400, "secret");
        assertProblem(admin("PUT", "/admin/devices/bad%20serial", "{\"secret\":\"s\"}"), 400, "serial");
        assertProblem(client.send("PUT", path, "Bearer " + io.bufferhub.hub.support.TestHub.ADMIN_TOKEN,
                java.util.Map.of("Content-Type", "application/x-www-form-urlencoded"), bytes("{\"name\":\"x\"}")),
                415, "Content-Type");
        assertEquals(404, admin("GET", "/admin/devices/NEW-" + serial, null).status());
        assertEquals("Test " + serial, json(admin("GET", path, null)).get("name").asText());
    }

    @Test
    void unknownDeviceIs404() throws Exception {
        assertProblem(admin("GET", "/admin/devices/NOBODY", null), 404, "serial");
        assertProblem(admin("GET", "/admin/batches?serial=NOBODY", null), 404, "serial");
        assertProblem(admin("GET", "/admin/batches", null), 400, "serial");
    }

    @Test
    void batchesAreListedNewestFirst() throws Exception {
        String serial = newDevice();
        for (long seq = 1; seq <= 3; seq++) {
            assertEquals(201, client.push(serial, SECRET, seq, bytes("line " + seq + "\r\nsecond\r\n")).status());
            Thread.sleep(5);
        }
        JsonNode batches = json(admin("GET", "/admin/batches?serial=" + serial, null)).get("batches");
        assertEquals(3, batches.size());
        assertEquals(3, batches.get(0).get("seq").asLong());
        assertEquals(1, batches.get(2).get("seq").asLong());
        JsonNode b = batches.get(0);
        assertEquals(2, b.get("records").asInt());
        assertEquals(bytes("line 3\r\nsecond\r\n").length, b.get("bytes").asInt());
        assertTrue(b.get("digest").asText().matches("[0-9a-f]{64}"));
        assertTrue(b.get("receivedAt").asLong() > 0);
        assertEquals(1, json(admin("GET", "/admin/batches?serial=" + serial + "&limit=1", null)).get("batches").size());
    }
}
