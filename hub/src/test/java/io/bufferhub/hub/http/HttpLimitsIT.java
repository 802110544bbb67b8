package io.bufferhub.hub.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import io.bufferhub.hub.support.HubTestBase;
import io.bufferhub.hub.support.RawHttp;
import io.bufferhub.hub.support.TestDatabases;
import io.bufferhub.sim.push.HubClient.Answer;
import org.junit.jupiter.api.Test;

/** Per-device rate limit and the slow-client timeouts. */
class HttpLimitsIT extends HubTestBase {

    @Override
    protected TestDatabases.Kind kind() {
        return TestDatabases.Kind.H2;
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of("bufferhub.rateLimit.perSecond", "0.2", "bufferhub.rateLimit.burst", "3",
                "bufferhub.http.headerTimeoutMs", "700");
    }

    @Test
    void tooManyPushesGet429WithRetryAfterAndOtherDevicesAreUnaffected() throws Exception {
        String serial = newDevice();
        for (long seq = 1; seq <= 3; seq++) {
            assertEquals(201, client.push(serial, SECRET, seq, bytes("x\n")).status());
        }
        Answer limited = client.push(serial, SECRET, 4, bytes("x\n"));
        assertProblem(limited, 429, "serial");
        assertTrue(Long.parseLong(limited.header("retry-after")) >= 1);
        assertEquals(3, storedBatches(serial));
        String other = newDevice();
        assertEquals(201, client.push(other, SECRET, 1, bytes("x\n")).status());
    }

    @Test
    void aClientTricklingItsRequestHeadIsCut() throws Exception {
        try (RawHttp raw = new RawHttp(hub.port())) {
            raw.write("POST /bpp/v1/devices/X/batches/1 HTTP/1.1\r\nHost: x\r\n");
            Thread.sleep(1500);
            assertEquals("", raw.readRest(2000), "closed without an answer");
        }
        assertEquals(404, admin("GET", "/admin/devices/NOBODY", null).status(), "still serving");
    }

    @Test
    void everyAnswerCarriesDate() throws Exception {
        assertTrue(admin("GET", "/admin/devices", null).header("date").endsWith("GMT"));
        assertTrue(client.send("GET", "/nowhere", null, Map.of(), null).header("date").endsWith("GMT"));
    }
}
