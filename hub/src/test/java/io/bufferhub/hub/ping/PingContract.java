package io.bufferhub.hub.ping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.bufferhub.hub.support.HubTestBase;
import io.bufferhub.sim.push.HubClient;
import io.bufferhub.sim.push.HubClient.Answer;
import org.junit.jupiter.api.Test;

/** PROTOCOL.md §4: the hub side of the heartbeat long-poll, with intervals scaled down to seconds. */
abstract class PingContract extends HubTestBase {

    @Override
    protected Map<String, String> settings() {
        return Map.of("bufferhub.ping.minHeartbeat", "1", "bufferhub.ping.maxHeartbeat", "30",
                "bufferhub.rateLimit.perSecond", "0");
    }

    Answer ping(String serial, String body) throws Exception {
        HubClient own = new HubClient(hub.url(), java.util.Set.of()); // its own connection, like a device
        return own.send("POST", "/bpp/v1/devices/" + serial + "/ping", HubClient.basic(serial, SECRET),
                body == null ? Map.of() : Map.of("Content-Type", "application/json"), body == null ? null : bytes(body));
    }

    CompletableFuture<Answer> pingAsync(String serial, String body) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return ping(serial, body);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void noChangeAfterTheHeartbeatAndHistoryIsKept() throws Exception {
        String serial = newDevice();
        long t0 = System.nanoTime();
        Answer a = ping(serial, "{\"heartbeat\": 2}");
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals(200, a.status(), a.body());
        JsonNode j = json(a);
        assertEquals("no-change", j.get("status").asText());
        assertEquals(2, j.get("heartbeat").asInt());
        assertTrue(j.get("serverTime").asLong() > 0);
        assertTrue(took >= 1900 && took < 6000, "held for the heartbeat: " + took + " ms");
        assertEquals("no-change", json(ping(serial, null)).get("status").asText(), "empty body re-uses the last one");
        JsonNode view = json(admin("GET", "/admin/devices/" + serial, null));
        assertEquals(2, view.get("heartbeat").get("last").asInt());
        assertEquals("[2,2]", view.get("heartbeat").get("history").toString());
        assertFalse(view.get("firewallSuspect").asBoolean());
    }

    @Test
    void heartbeatOutsideTheBoundsIs400WithTheBounds() throws Exception {
        String serial = newDevice();
        for (String body : new String[] {"{\"heartbeat\": 0}", "{\"heartbeat\": 31}"}) {
            Answer a = ping(serial, body);
            assertProblem(a, 400, "heartbeat");
            assertEquals(1, json(a).get("minHeartbeat").asInt());
            assertEquals(30, json(a).get("maxHeartbeat").asInt());
        }
        assertProblem(ping(serial, "{\"heartbeat\": \"soon\"}"), 400, "heartbeat");
        assertProblem(ping(serial, "not json"), 400, "JSON");
        assertProblem(client.send("POST", "/bpp/v1/devices/" + serial + "/ping", HubClient.basic(serial, "wrong"),
                Map.of(), bytes("{\"heartbeat\": 5}")), 401, "Authorization");
    }

    @Test
    void aNewerPingSupersedesTheOlderOne() throws Exception {
        String serial = newDevice();
        CompletableFuture<Answer> first = pingAsync(serial, "{\"heartbeat\": 20}");
        awaitPinging(serial);
        assertTrue(json(admin("GET", "/admin/devices/" + serial, null)).get("pinging").asBoolean());
        CompletableFuture<Answer> second = pingAsync(serial, "{\"heartbeat\": 2}");
        Answer older = first.get(5, TimeUnit.SECONDS);
        assertEquals("superseded", json(older).get("status").asText());
        assertEquals("no-change", json(second.get(10, TimeUnit.SECONDS)).get("status").asText());
    }

    @Test
    void aPublishedUpdateWakesTheHeldPingWithinASecond() throws Exception {
        String serial = newDevice();
        CompletableFuture<Answer> held = pingAsync(serial, "{\"heartbeat\": 25}");
        awaitPinging(serial);
        long t0 = System.nanoTime();
        Answer published = admin("POST", "/admin/updates", "{\"target\":{\"serial\":\"" + serial + "\"},"
                + "\"kind\":\"config\",\"version\":\"7\",\"payload\":\""
                + Base64.getEncoder().encodeToString(bytes("batch.maxLines = 100\n")) + "\"}");
        assertEquals(201, published.status(), published.body());
        Answer woken = held.get(5, TimeUnit.SECONDS);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        JsonNode j = json(woken);
        assertEquals("changed", j.get("status").asText(), woken.body());
        assertEquals("config", j.get("updates").get(0).get("kind").asText());
        assertTrue(ms < 1000, "woken " + ms + " ms after the publish");
        assertEquals("changed", json(ping(serial, "{\"heartbeat\": 5}")).get("status").asText(),
                "still pending: the next ping answers at once");
    }

    @Test
    void manyShortHeartbeatsFlagAFirewall() throws Exception {
        String serial = newDevice();
        for (int i = 0; i < 20; i++) {
            assertEquals("no-change", json(ping(serial, "{\"heartbeat\": 1}")).get("status").asText());
        }
        JsonNode view = json(admin("GET", "/admin/devices/" + serial, null));
        assertEquals(20, view.get("heartbeat").get("history").size());
        assertTrue(view.get("firewallSuspect").asBoolean(), "20 intervals averaging ≤ 540 s");
    }

    void awaitPinging(String serial) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!json(admin("GET", "/admin/devices/" + serial, null)).get("pinging").asBoolean()) {
            assertTrue(System.nanoTime() < deadline, "ping not held");
            Thread.sleep(20);
        }
    }
}
