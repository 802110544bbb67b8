package io.bufferhub.hub.fanout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import io.bufferhub.hub.outbox.OutboxHousekeeping;
import io.bufferhub.hub.outbox.OutboxStore;
import io.bufferhub.hub.support.HubTestBase;
import io.bufferhub.sim.push.HubClient.Answer;
import org.junit.jupiter.api.Test;

/**
 * Outbox retention ({@code integrations.outbox.keepDoneHours}) and retiring / re-enabling sinks
 * ({@code DELETE}/{@code PUT /admin/sinks/{name}}). A sink without a running route (registered straight in the
 * {@code sink} table) keeps its rows pending, so pending, dead and retired rows can be told apart from done ones.
 */
abstract class OutboxMaintenanceContract extends HubTestBase {

    private static final long HOUR = 3_600_000L;

    @Override
    protected Map<String, String> settings() {
        Map<String, String> s = new HashMap<>(super.settings());
        s.put("integrations.outbox.pruneChunk", "2"); // several chunks per pass
        return s;
    }

    @Test
    void deliveredRowsPastTheRetentionArePrunedAndAResentBatchIsStillADuplicate() throws Exception {
        String serial = newDevice();
        String idle = addIdleSink(serial);
        byte[][] bodies = new byte[5][];
        for (int seq = 1; seq <= 4; seq++) {
            bodies[seq] = bytes(FanoutContract.avaya(today("09:0" + seq + ":00"), "420" + seq, "46" + seq, "Desk") + "\r\n");
            assertEquals(201, client.push(serial, SECRET, seq, bodies[seq]).status());
        }
        await("delivered", () -> count("SELECT COUNT(*) FROM outbox WHERE serial = ? AND state = 'done'", serial) == 12);
        long old = System.currentTimeMillis() - 200 * HOUR;
        // seq 1: done rows old, idle row pending; 2: everything fresh; 3: idle row a dead letter; 4: everything done
        hub.execute("UPDATE outbox SET state = 'dead' WHERE sink = ? AND seq = 3", idle);
        hub.execute("UPDATE outbox SET state = 'done' WHERE sink = ? AND seq = 4", idle);
        hub.execute("UPDATE outbox SET updated_at = ? WHERE serial = ? AND seq <> 2", old, serial);
        long cdrRows = count("SELECT COUNT(*) FROM cdr WHERE serial = ?", serial);
        assertEquals(4, count("SELECT COUNT(*) FROM file_delivery WHERE serial = ?", serial));
        assertEquals(4, count("SELECT COUNT(*) FROM alert_evaluated WHERE serial = ?", serial));

        OutboxStore store = hub.bean("outboxStore", OutboxStore.class);
        new OutboxHousekeeping(store, 0, 2).run();
        assertEquals(16, count("SELECT COUNT(*) FROM outbox WHERE serial = ?", serial), "keepDoneHours 0 keeps all");

        Map<String, Object> pass = hub.bean("outboxHousekeeping", OutboxHousekeeping.class).run();
        assertTrue(((Long) pass.get("prunedDone")) >= 10, pass.toString());
        assertEquals(0, count("SELECT COUNT(*) FROM outbox WHERE serial = ? AND seq IN (1, 3, 4) AND state = 'done'", serial));
        assertEquals(3, count("SELECT COUNT(*) FROM outbox WHERE serial = ? AND seq = 2 AND state = 'done'", serial),
                "done rows within the retention stay");
        assertEquals(1, count("SELECT COUNT(*) FROM outbox WHERE sink = ? AND seq = 1 AND state = 'pending'", idle),
                "an undelivered row stays, however old");
        assertEquals(1, count("SELECT COUNT(*) FROM outbox WHERE sink = ? AND seq = 3 AND state = 'dead'", idle),
                "a dead letter stays for the operator");
        assertEquals(3, count("SELECT COUNT(*) FROM file_delivery WHERE serial = ? AND seq IN (1, 2, 3)", serial),
                "the journal stays while a batch has an outbox row a retry could need");
        assertEquals(0, count("SELECT COUNT(*) FROM file_delivery WHERE serial = ? AND seq = 4", serial));
        assertEquals(3, count("SELECT COUNT(*) FROM alert_evaluated WHERE serial = ? AND seq IN (1, 2, 3)", serial));
        assertEquals(0, count("SELECT COUNT(*) FROM alert_evaluated WHERE serial = ? AND seq = 4", serial));

        // the batch rows are kept: re-sent batches are duplicates and nothing is delivered twice
        Path file = hub.dataDir().resolve("files").resolve(serial).resolve(serial + "-" + LocalDate.now(ZoneOffset.UTC) + ".txt");
        byte[] before = Files.readAllBytes(file);
        assertEquals(200, client.push(serial, SECRET, 4, bodies[4]).status());
        assertEquals(200, client.push(serial, SECRET, 1, bodies[1]).status());
        Thread.sleep(1500);
        assertEquals(0, count("SELECT COUNT(*) FROM outbox WHERE serial = ? AND seq = 4", serial));
        assertEquals(cdrRows, count("SELECT COUNT(*) FROM cdr WHERE serial = ?", serial));
        assertArrayEquals(before, Files.readAllBytes(file));
        hub.execute("DELETE FROM sink WHERE name = ?", idle);
    }

    @Test
    void aRetiredSinkGetsNoNewRowsKeepsItsBacklogAndGetsItBackWhenReEnabled() throws Exception {
        String serial = newDevice();
        String idle = addIdleSink(serial);
        push(serial, 1);
        JsonNode s = sink(idle);
        assertTrue(s.get("enabled").asBoolean(), s.toString());
        assertEquals(1, s.get("pending").asLong());

        JsonNode retired = json(expect(200, admin("DELETE", "/admin/sinks/" + idle, null)));
        assertEquals(false, retired.get("enabled").asBoolean());
        assertEquals(1, retired.get("retiredRows").asLong());
        s = sink(idle);
        assertEquals(false, s.get("enabled").asBoolean(), s.toString());
        assertEquals(0, s.get("pending").asLong(), "a retired sink's rows are no backlog");
        assertEquals(1, s.get("retired").asLong());

        push(serial, 2);
        await("batch 2 delivered", () -> count("SELECT COUNT(*) FROM outbox WHERE serial = ? AND seq = 2 AND sink = 'cdr-table'"
                + " AND state = 'done'", serial) == 1);
        assertEquals(0, count("SELECT COUNT(*) FROM outbox WHERE sink = ? AND seq = 2", idle), "no rows for new batches");

        // a dead letter of a retired sink, retried, waits with the other retired rows
        hub.execute("UPDATE outbox SET state = 'dead' WHERE sink = ? AND seq = 1", idle);
        long id = count("SELECT id FROM outbox WHERE sink = ? AND seq = 1", idle);
        assertEquals("retired", json(expect(200, admin("POST", "/admin/deadletters/" + id + "/retry", ""))).get("state").asText());

        JsonNode back = json(expect(200, admin("PUT", "/admin/sinks/" + idle, "{\"enabled\":true}")));
        assertEquals(true, back.get("enabled").asBoolean());
        assertEquals(1, back.get("reenabledRows").asLong());
        s = sink(idle);
        assertEquals(1, s.get("pending").asLong(), s.toString());
        assertEquals(0, s.get("retired").asLong());
        push(serial, 3);
        assertEquals(1, count("SELECT COUNT(*) FROM outbox WHERE sink = ? AND seq = 3 AND state = 'pending'", idle));

        // PUT enabled false = DELETE; a route starting re-registers its sink: enabled, retired rows due again
        assertEquals(2, json(expect(200, admin("PUT", "/admin/sinks/" + idle, "{\"enabled\":false}"))).get("retiredRows").asLong());
        hub.execute("UPDATE outbox SET state = 'pending' WHERE sink = ? AND seq = 3", idle); // as a racing ingest would
        assertEquals(1, hub.bean("outboxHousekeeping", OutboxHousekeeping.class).run().get("retiredStragglers"));
        assertEquals(2, sink(idle).get("retired").asLong());
        hub.bean("outboxStore", OutboxStore.class).register(idle, "batch");
        s = sink(idle);
        assertTrue(s.get("enabled").asBoolean(), s.toString());
        assertEquals(2, s.get("pending").asLong());
        hub.execute("DELETE FROM sink WHERE name = ?", idle);
    }

    @Test
    void aRetiredIntegrationDeliversNothingNewUntilReEnabled() throws Exception {
        String serial = newDevice();
        try {
            expect(200, admin("DELETE", "/admin/sinks/cdr-table", null));
            push(serial, 1);
            await("batch 1 evaluated", () -> count("SELECT COUNT(*) FROM outbox WHERE serial = ? AND sink = 'alert-rules'"
                    + " AND state = 'done'", serial) == 1);
            assertEquals(0, count("SELECT COUNT(*) FROM outbox WHERE serial = ? AND sink = 'cdr-table'", serial));
        } finally {
            expect(200, admin("PUT", "/admin/sinks/cdr-table", "{\"enabled\":true}"));
        }
        push(serial, 2);
        await("batch 2 in the cdr table", () -> count("SELECT COUNT(*) FROM cdr WHERE serial = ? AND seq = 2", serial) == 1);
        assertEquals(0, count("SELECT COUNT(*) FROM cdr WHERE serial = ? AND seq = 1", serial),
                "a batch stored while the sink was retired is not back-filled");
    }

    @Test
    void badSinkRequestsGetProblemAnswers() throws Exception {
        assertProblem(admin("DELETE", "/admin/sinks/no-such-sink", null), 404, "no-such-sink");
        assertProblem(admin("PUT", "/admin/sinks/no-such-sink", "{\"enabled\":true}"), 404, "no-such-sink");
        assertProblem(admin("PUT", "/admin/sinks/cdr-table", "{\"enabled\":\"yes\"}"), 400, "enabled");
        assertProblem(admin("PUT", "/admin/sinks/cdr-table", "{}"), 400, "enabled");
        assertProblem(admin("PUT", "/admin/sinks/cdr-table", "{\"enabled\":true,\"colour\":1}"), 400, "colour");
        assertProblem(admin("PUT", "/admin/sinks/cdr-table", "{not json"), 400, "");
        assertProblem(admin("DELETE", "/admin/sinks/a*b", null), 400, "name");
        assertEquals(401, client.send("DELETE", "/admin/sinks/cdr-table", null, Map.of(), null).status());
        assertEquals(401, client.send("PUT", "/admin/sinks/cdr-table", "Bearer wrong-token-0123456789", Map.of(),
                "{\"enabled\":false}".getBytes(StandardCharsets.UTF_8)).status());
        assertTrue(sink("cdr-table").get("enabled").asBoolean(), "refused requests change nothing");
    }

    /** A batch-fed sink no route delivers: its rows stay pending unless a test changes them. */
    private String addIdleSink(String serial) throws Exception {
        String name = "idle-" + serial;
        hub.execute("INSERT INTO sink (name, source, enabled, created_at) VALUES (?, 'batch', TRUE, 0)", name);
        return name;
    }

    private void push(String serial, int seq) throws Exception {
        byte[] body = bytes(FanoutContract.avaya(today("08:0" + seq + ":00"), "4207", "4688", "Joe") + "\r\n");
        assertEquals(201, client.push(serial, SECRET, seq, body).status());
    }

    private JsonNode sink(String name) throws Exception {
        for (JsonNode s : json(expect(200, admin("GET", "/admin/sinks", null))).get("sinks")) {
            if (s.get("name").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no sink " + name + " in GET /admin/sinks");
    }

    private static Answer expect(int status, Answer a) {
        assertEquals(status, a.status(), a.body());
        return a;
    }

    private static String today(String time) {
        return LocalDate.now(ZoneOffset.UTC).toString().replace('-', '/') + " " + time;
    }

    private long count(String sql, Object... args) {
        try {
            return hub.count(sql, args);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(100);
        }
    }
}
