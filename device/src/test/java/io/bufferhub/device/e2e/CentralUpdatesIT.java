package io.bufferhub.device.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bufferhub.device.support.Agent;
import io.bufferhub.hub.support.TestDatabases;
import org.junit.jupiter.api.Test;

/**
 * PROTOCOL.md §4/§5/§7 with a real agent: updates published while its heartbeat ping is held reach it at once,
 * are applied and reported — diagnostics uploaded, a command run, firmware checked against trusted keys.
 */
class CentralUpdatesIT extends AgentTestBase {

    @Override
    protected TestDatabases.Kind kind() {
        return TestDatabases.Kind.H2;
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of("bufferhub.ping.minHeartbeat", "1", "bufferhub.ping.maxHeartbeat", "30",
                "bufferhub.rateLimit.perSecond", "0");
    }

    private String publish(String serial, String kind, byte[] payload, String signature) throws Exception {
        String body = "{\"target\":{\"serial\":\"" + serial + "\"},\"kind\":\"" + kind + "\",\"version\":\"1\""
                + (payload == null ? "" : ",\"payload\":\"" + Base64.getEncoder().encodeToString(payload) + "\"")
                + (signature == null ? "" : ",\"signature\":\"" + signature + "\"") + "}";
        var a = admin("POST", "/admin/updates", body);
        assertEquals(201, a.status(), a.body());
        return json(a).get("id").asText();
    }

    private JsonNode awaitFinal(String id, long millis) throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        JsonNode device;
        do {
            Thread.sleep(100);
            device = json(admin("GET", "/admin/updates/" + id, null)).get("devices").get(0);
        } while (device.get("state").asText().equals("pending") && System.currentTimeMillis() < deadline);
        return device;
    }

    @Test
    void updatesReachTheAgentThroughItsHeldPingAndAreReported() throws Exception {
        String serial = newDevice();
        Path dir = Files.createTempDirectory("e2e-updates-");
        KeyPair trusted = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        KeyPair stranger = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Map<String, String> s = agentSettings(serial, dir, hub.url());
        s.put("capture.main.tcp", "listen:" + freePort());
        s.put("heartbeat.start", "25");
        s.put("updates.trustedKeys", Base64.getEncoder().encodeToString(trusted.getPublic().getEncoded()));
        try (Agent agent = Agent.configure(dir, s).startInProcess()) {
            long deadline = System.currentTimeMillis() + 10_000;
            while (!json(admin("GET", "/admin/devices/" + serial, null)).get("pinging").asBoolean()) {
                assertTrue(System.currentTimeMillis() < deadline, "the agent holds a heartbeat ping");
                Thread.sleep(100);
            }
            long t0 = System.currentTimeMillis();
            JsonNode diag = awaitFinal(publish(serial, "diagnostics", null, null), 10_000);
            assertEquals("applied", diag.get("state").asText(), diag.toString());
            assertTrue(System.currentTimeMillis() - t0 < 5000, "woken through the held ping, not the 25 s heartbeat");
            assertEquals(1, hub.count("SELECT COUNT(*) FROM diagnostics WHERE serial = ?", serial));

            JsonNode flush = awaitFinal(publish(serial, "command", "{\"command\":\"flush\"}".getBytes(StandardCharsets.UTF_8),
                    null), 10_000);
            assertEquals("applied", flush.get("state").asText(), flush.toString());
            JsonNode unknown = awaitFinal(publish(serial, "command", "{\"command\":\"dance\"}".getBytes(StandardCharsets.UTF_8),
                    null), 10_000);
            assertEquals("rejected", unknown.get("state").asText());

            String script = "- route:\n    id: script-tick\n    description: a device script\n    from:\n"
                    + "      uri: timer:script\n      parameters:\n        period: 500\n      steps:\n"
                    + "        - log: \"script tick\"\n";
            JsonNode routes = awaitFinal(publish(serial, "routes", script.getBytes(StandardCharsets.UTF_8), null), 10_000);
            assertEquals("applied", routes.get("state").asText(), routes.toString());
            assertTrue(agent.camel().getRouteController().getRouteStatus("script-tick").isStarted());
            JsonNode broken = awaitFinal(publish(serial, "routes", "- route:\n    from: [not, a, route\n"
                    .getBytes(StandardCharsets.UTF_8), null), 10_000);
            assertEquals("failed", broken.get("state").asText(), broken.toString());
            assertTrue(broken.get("detail").asText().contains("old routes keep running"), broken.toString());
            assertTrue(agent.camel().getRouteController().getRouteStatus("script-tick").isStarted(), "old script runs");

            byte[] firmware = "agent package v2".repeat(1000).getBytes(StandardCharsets.UTF_8);
            JsonNode forged = awaitFinal(publish(serial, "firmware", firmware, sign(stranger, firmware)), 10_000);
            assertEquals("rejected", forged.get("state").asText(), forged.toString());
            assertTrue(forged.get("detail").asText().contains("current package stays"));
            JsonNode genuine = awaitFinal(publish(serial, "firmware", firmware, sign(trusted, firmware)), 10_000);
            assertEquals("downloaded", genuine.get("state").asText(), genuine.toString());
            Path staged = dir.resolve("spool-agent/firmware/next.pkg");
            assertTrue(Files.exists(staged));
            assertEquals(firmware.length, Files.size(staged));
        }
    }

    private static String sign(KeyPair key, byte[] payload) throws Exception {
        Signature sig = Signature.getInstance("Ed25519");
        sig.initSign(key.getPrivate());
        sig.update(payload);
        return Base64.getEncoder().encodeToString(sig.sign());
    }
}
