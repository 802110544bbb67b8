package io.bufferhub.hub.updates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bufferhub.sim.push.HubClient;
import io.bufferhub.sim.push.HubClient.Answer;
import org.junit.jupiter.api.Test;

/**
 * PROTOCOL.md §5 status reports and §7 diagnostics, black-box: repeats are harmless, a final state ends the
 * update for the device, a different state after it is 409; diagnostics are stored once per id.
 */
abstract class UpdateReportContract extends UpdateTestBase {

    @Test
    void statusWalksToAFinalStateAndRepeatsAreHarmless() throws Exception {
        String serial = newDevice();
        String id = published(update(Map.of("serial", serial), "config", "9", bytes("x=1\n")));
        Answer downloaded = report(serial, id, "downloaded", null);
        assertEquals(204, downloaded.status(), downloaded.body());
        assertTrue(downloaded.body().isEmpty());
        assertEquals(204, report(serial, id, "downloaded", null).status());
        assertEquals(id, checkIn(serial).get("updates").get(0).get("id").asText(), "downloaded is still open");
        assertEquals("downloaded", deviceState(id, serial).get("state").asText());

        assertEquals(204, report(serial, id, "applied", "restarted capture").status());
        assertEquals(0, checkIn(serial).get("updates").size(), "applied ends the update for the device");
        assertEquals(204, report(serial, id, "applied", "again").status(), "repeating a state is harmless");
        JsonNode d = deviceState(id, serial);
        assertEquals("applied", d.get("state").asText());
        assertEquals("restarted capture", d.get("detail").asText(), "the first report's detail is kept");

        assertProblem(report(serial, id, "failed", "late"), 409, "state");
        assertProblem(report(serial, id, "downloaded", null), 409, "state");
        assertEquals("applied", deviceState(id, serial).get("state").asText());
    }

    @Test
    void failedAndRejectedAreFinalToo() throws Exception {
        String serial = newDevice();
        String failed = published(update(Map.of("serial", serial), "routes", "1", bytes("- route: {}\n")));
        String rejected = published(update(Map.of("serial", serial), "config", "2", bytes("y=2\n")));
        assertEquals(204, report(serial, failed, "failed", "yaml did not load").status());
        assertEquals(204, report(serial, rejected, "rejected", null).status(), "straight from pending");
        assertEquals(0, checkIn(serial).get("updates").size());
        assertProblem(report(serial, failed, "applied", null), 409, "state");
        assertProblem(report(serial, rejected, "failed", null), 409, "state");
        assertEquals("yaml did not load", deviceState(failed, serial).get("detail").asText());
        assertTrue(deviceState(rejected, serial).get("detail").isNull());
    }

    @Test
    void badReportsAre400() throws Exception {
        String serial = newDevice();
        String id = published(update(Map.of("serial", serial), "config", "1", bytes("z=3\n")));
        assertProblem(report(serial, id, "pending", null), 400, "state");
        assertProblem(report(serial, id, "done", null), 400, "state");
        assertProblem(device(serial, "POST", "/updates/" + id + "/status", "{\"detail\":\"no state\"}"), 400, "state");
        assertProblem(device(serial, "POST", "/updates/" + id + "/status", "{\"state\":\"applied\",\"detail\":5}"),
                400, "detail");
        assertProblem(device(serial, "POST", "/updates/" + id + "/status", "[1]"), 400, "body");
        assertProblem(device(serial, "POST", "/updates/" + id + "/status", "{oops"), 400, "body");
        assertProblem(device(serial, "POST", "/updates/" + id + "/status", null), 400, "body");
        assertEquals("pending", deviceState(id, serial).get("state").asText());
    }

    @Test
    void diagnosticsAreStoredOncePerId() throws Exception {
        String serial = newDevice();
        String bundle = "{\"agentVersion\":\"1.0\",\"uptime\":12,\"lastErrors\":[]}";
        Answer first = device(serial, "POST", "/diagnostics/diag-1", bundle);
        assertEquals(201, first.status(), first.body());
        assertEquals("application/json", first.header("content-type"));
        JsonNode j = json(first);
        assertEquals(serial, j.get("serial").asText());
        assertEquals("diag-1", j.get("id").asText());
        assertEquals(false, j.get("duplicate").asBoolean());
        assertTrue(j.get("serverTime").asLong() > 0);
        Answer again = device(serial, "POST", "/diagnostics/diag-1", bundle);
        assertEquals(200, again.status());
        assertTrue(json(again).get("duplicate").asBoolean());
        assertEquals(201, device(serial, "POST", "/diagnostics/diag-2", "{}").status());
        assertEquals(1, hub.count("SELECT COUNT(*) FROM diagnostics WHERE serial = ? AND id = ?", serial, "diag-1"));
        assertEquals(2, hub.count("SELECT COUNT(*) FROM diagnostics WHERE serial = ?", serial));
    }

    @Test
    void badDiagnosticsAreRefusedAndNotStored() throws Exception {
        String serial = newDevice();
        assertProblem(device(serial, "POST", "/diagnostics/d1", "[1,2]"), 400, "body");
        assertProblem(device(serial, "POST", "/diagnostics/d1", "not json"), 400, "body");
        assertProblem(device(serial, "POST", "/diagnostics/d1", null), 400, "body");
        assertProblem(device(serial, "POST", "/diagnostics/bad%21id", "{}"), 400, "id");
        String big = "{\"log\":\"" + "x".repeat(1024 * 1024) + "\"}";
        assertProblem(device(serial, "POST", "/diagnostics/d1", big), 413, "body");
        assertProblem(client.send("POST", "/bpp/v1/devices/" + serial + "/diagnostics/d1", null,
                Map.of("Content-Type", "application/json"), bytes("{}")), 401, "Authorization");
        String other = newDevice();
        assertProblem(client.send("POST", "/bpp/v1/devices/" + serial + "/diagnostics/d1",
                HubClient.basic(other, SECRET), Map.of("Content-Type", "application/json"), bytes("{}")),
                403, "serial");
        assertEquals(0, hub.count("SELECT COUNT(*) FROM diagnostics WHERE serial = ?", serial));
    }

    private JsonNode deviceState(String id, String serial) throws Exception {
        Answer a = admin("GET", "/admin/updates/" + id, null);
        assertEquals(200, a.status(), a.body());
        for (JsonNode d : json(a).get("devices")) {
            if (d.get("serial").asText().equals(serial)) {
                return d;
            }
        }
        assertNull(serial, "device not in the update's view");
        return null;
    }
}
