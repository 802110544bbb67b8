package io.bufferhub.device.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PROTOCOL.md §2: the backoff cap is a setting ({@code push.backoffCapMs}, 5 min by default), checked at start. */
class AgentSettingsBackoffTest {

    @TempDir
    Path dir;

    private AgentSettings settings(String cap) {
        Map<String, String> p = new HashMap<>(Map.of("device.serial", "S1", "device.secret", "x",
                "device.mainUrl", "https://hub.example.com/bpp/v1", "capture.main.tcp", "listen:9000",
                "spool.dir", dir.resolve("spool").toString()));
        if (cap != null) {
            p.put(AgentSettings.BACKOFF_CAP_KEY, cap);
        }
        return AgentSettings.from(p::get, p.keySet());
    }

    @Test
    void fiveMinutesByDefaultAndTheConfiguredCapReachesThePusher() {
        assertEquals(300_000, settings(null).backoffCapMs());
        assertEquals(300_000, settings(" ").backoffCapMs());
        AgentSettings s = settings(" 60000 ");
        assertEquals(60_000, s.backoffCapMs());
        try (PushStep step = new PushStep(s)) {
            assertEquals(60_000, step.pusher().connection().settings().backoffCapMs());
        }
    }

    @Test
    void aBadCapStopsTheAgentWithTheKeyAndTheValue() {
        for (String bad : new String[] {"999", "0", "-5", "5m", "1e6"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> settings(bad));
            assertTrue(e.getMessage().startsWith("push.backoffCapMs: ") && e.getMessage().contains("'" + bad + "'"),
                    e.getMessage());
        }
    }
}
