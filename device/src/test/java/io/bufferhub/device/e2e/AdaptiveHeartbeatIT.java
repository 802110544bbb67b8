package io.bufferhub.device.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bufferhub.device.support.Agent;
import io.bufferhub.hub.support.TestDatabases;
import io.bufferhub.sim.net.LoopbackProxy;
import org.junit.jupiter.api.Test;

/**
 * PROTOCOL.md §4 adaptive heartbeat against a "firewall" (a loopback proxy) that silently forgets connections idle
 * longer than 7 s; intervals scaled down (start 2 s, step 2 s, 2 s grace). The agent must settle on the largest
 * interval that survives, 6 s, and the hub's history must show the climb, the failed probe and the way back.
 */
class AdaptiveHeartbeatIT extends AgentTestBase {

    @Override
    protected TestDatabases.Kind kind() {
        return TestDatabases.Kind.H2;
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of("bufferhub.ping.minHeartbeat", "1", "bufferhub.ping.maxHeartbeat", "30",
                "bufferhub.rateLimit.perSecond", "0");
    }

    @Test
    void theAgentLearnsTheLongestIntervalTheFirewallAllows() throws Exception {
        String serial = newDevice();
        Path dir = Files.createTempDirectory("e2e-heartbeat-");
        try (LoopbackProxy firewall = new LoopbackProxy("127.0.0.1", hub.port())) {
            firewall.idleDropMs(7000);
            Map<String, String> s = agentSettings(serial, dir, "http://127.0.0.1:" + firewall.port());
            s.put("capture.main.tcp", "listen:" + freePort());
            s.put("heartbeat.start", "2");
            s.put("heartbeat.step", "2");
            s.put("heartbeat.graceMs", "2000");
            try (Agent agent = Agent.configure(dir, s).startInProcess()) {
                long deadline = System.currentTimeMillis() + 120_000;
                List<Integer> history = List.of();
                while (System.currentTimeMillis() < deadline) {
                    Thread.sleep(1000);
                    history = history(serial);
                    int afterProbe = history.indexOf(8);
                    if (afterProbe >= 0 && history.size() >= afterProbe + 3) {
                        break;
                    }
                }
                int probe = history.indexOf(8);
                assertTrue(probe > 0, "the agent probed 8 s: " + history);
                assertEquals(List.of(2, 2, 2, 4, 4, 4, 6, 6, 6), history.subList(0, 9), "three successes per raise");
                assertEquals(List.of(6, 6), history.subList(probe + 1, probe + 3),
                        "after the dropped 8 s ping it went back to 6 s and stays: " + history);
                assertTrue(firewall.cuts() > 0, "the firewall did drop the idle 8 s ping");
            }
        }
    }

    private List<Integer> history(String serial) throws Exception {
        JsonNode view = json(admin("GET", "/admin/devices/" + serial, null));
        List<Integer> out = new ArrayList<>();
        view.get("heartbeat").get("history").forEach(n -> out.add(n.asInt()));
        return out;
    }
}
