package io.bufferhub.hub.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.bufferhub.common.Json;
import io.bufferhub.hub.support.HubProcess;
import io.bufferhub.hub.support.HubTestBase;
import io.bufferhub.hub.support.TestDatabases;
import io.bufferhub.hub.support.TestHub;
import io.bufferhub.sim.bench.LatencyRecorder;
import io.bufferhub.sim.push.HubClient;
import io.bufferhub.sim.push.HubClient.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two stateless hub nodes on one PostgreSQL (issue 6): node A is a separate JVM that can be SIGKILLed, node B
 * runs in this JVM. The same batch raced to both is stored once (one 201); a ping held on B is woken by a
 * publish on A within a second; outbox work left by a killed node is finished by the other, exactly once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MultiNodeIT extends HubTestBase {

    private static final Path SHARED_FILES = sharedFilesDir();
    private static final Map<String, String> NODE = Map.of("bufferhub.ping.minHeartbeat", "1",
            "bufferhub.ping.maxHeartbeat", "30", "bufferhub.rateLimit.perSecond", "0",
            "integrations.files.dir", SHARED_FILES.toString());

    private HubProcess nodeA;

    @Override
    protected TestDatabases.Kind kind() {
        return TestDatabases.Kind.POSTGRESQL;
    }

    @Override
    protected Map<String, String> settings() {
        return NODE;
    }

    @BeforeAll
    void startNodeA() throws Exception {
        nodeA = HubProcess.start(hub.jdbc(), Files.createTempDirectory("node-a-"), NODE);
    }

    @AfterAll
    void stopNodeA() throws Exception {
        nodeA.close();
    }

    @Test
    void theSameBatchRacedToTwoNodesIsStoredOnce() throws Exception {
        String serial = newDevice();
        HubClient a = new HubClient(nodeA.url(), Set.of());
        for (int seq = 1; seq <= 20; seq++) {
            byte[] body = ("race line " + seq + "\r\n").getBytes(StandardCharsets.US_ASCII);
            long s = seq;
            CompletableFuture<Answer> onA = CompletableFuture.supplyAsync(() -> push(a, serial, s, body));
            CompletableFuture<Answer> onB = CompletableFuture.supplyAsync(() -> push(client, serial, s, body));
            List<Integer> statuses = new ArrayList<>(List.of(onA.get(30, TimeUnit.SECONDS).status(),
                    onB.get(30, TimeUnit.SECONDS).status()));
            statuses.sort(null);
            assertEquals(List.of(200, 201), statuses, "seq " + seq + ": one node creates, the other sees the duplicate");
        }
        assertEquals(20, storedBatches(serial));
        assertEquals(20, storedRecords(serial));
    }

    @Test
    void aPingHeldOnOneNodeIsWokenByAPublishOnTheOther() throws Exception {
        String serial = newDevice();
        HubClient a = new HubClient(nodeA.url(), Set.of());
        LatencyRecorder wake = new LatencyRecorder();
        wake.recording(true);
        for (int round = 0; round < 10; round++) {
            wake.record(wakeRound(serial, a, "r" + round));
        }
        System.out.printf("cross-node wake (publish on A, ping held on B): p50 %.0f ms, p99 %.0f ms over %d%n",
                wake.percentileMs(50), wake.percentileMs(99), wake.count());
        assertTrue(wake.percentileMs(99) < 1000, "woken within 1 s: p99 " + wake.percentileMs(99) + " ms");
    }

    @Test
    void pingsStillWakeWhenTheListenConnectionsAreCutAndTheyAreReopened() throws Exception {
        String serial = newDevice();
        HubClient a = new HubClient(nodeA.url(), Set.of());
        awaitListening(2);
        assertEquals(2, hub.count("SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE ?",
                LISTEN));
        long cut = wakeRound(serial, a, "after-cut");
        assertTrue(cut < 1_000_000_000L, "woken within 1 s by the periodic look: " + cut / 1_000_000 + " ms");
        awaitListening(2);
        long again = wakeRound(serial, a, "reopened");
        assertTrue(again < 1_000_000_000L, "woken within 1 s after the LISTEN reopened: " + again / 1_000_000 + " ms");
    }

    @Test
    void aNewerPingOnOneNodeSupersedesTheOlderOnTheOther() throws Exception {
        String serial = newDevice();
        CompletableFuture<Answer> older = CompletableFuture.supplyAsync(() -> ping(serial));
        awaitPinging(serial);
        HubClient a = new HubClient(nodeA.url(), Set.of());
        CompletableFuture<Answer> newer = CompletableFuture.supplyAsync(() -> ping(a, serial, 2));
        Answer superseded = older.get(10, TimeUnit.SECONDS);
        assertEquals("superseded", json(superseded).get("status").asText(), superseded.body());
        Answer ended = newer.get(10, TimeUnit.SECONDS);
        assertEquals("no-change", json(ended).get("status").asText(), "the newer ping stays held: " + ended.body());
    }

    @Test
    void everyNodeShowsWhetherTheDeviceIsPinging() throws Exception {
        String serial = newDevice();
        HubClient a = new HubClient(nodeA.url(), Set.of());
        CompletableFuture<Answer> heldOnA = CompletableFuture.supplyAsync(() -> ping(a, serial, 3));
        awaitPinging(serial); // asked on node B, which does not hold it
        assertEquals("no-change", json(heldOnA.get(10, TimeUnit.SECONDS)).get("status").asText());
        long deadline = System.currentTimeMillis() + 5_000;
        while (pingingOnB(serial)) {
            assertTrue(System.currentTimeMillis() < deadline, "node B still shows a ping that node A answered");
            Thread.sleep(50);
        }
    }

    @Test
    void aDeviceDisabledOnOneNodeIsRefusedByTheOtherAtOnce() throws Exception {
        String serial = newDevice();
        assertEquals(201, client.push(serial, SECRET, 1, bytes("line 1\r\n")).status()); // cached on B
        HubClient a = new HubClient(nodeA.url(), Set.of());
        Answer disabled = a.admin(TestHub.ADMIN_TOKEN, "PUT", "/admin/devices/" + serial, "{\"enabled\":false}");
        assertEquals(200, disabled.status(), disabled.body());
        // the announcement reaches node B asynchronously: a push racing it may still pass, so the bound is 1 s
        // (before announcements, node B's cache accepted the device for 60 s)
        long t0 = System.nanoTime();
        long seq = 2;
        int status;
        while ((status = client.push(serial, SECRET, seq, bytes("line " + seq + "\r\n")).status()) != 403) {
            assertEquals(201, status);
            assertTrue(System.nanoTime() - t0 < 1_000_000_000L, "node B still takes pushes of the disabled device");
            seq++;
        }
        System.out.printf("device disabled on A, refused on B after %d ms (%d pushes passed meanwhile)%n",
                (System.nanoTime() - t0) / 1_000_000, seq - 2);
        assertEquals(seq - 1, storedBatches(serial));
    }

    @Test
    void aRuleChangedOnOneNodeRedirectsOnTheOther() throws Exception {
        String serial = newDevice();
        HubClient a = new HubClient(nodeA.url(), Set.of());
        Answer put = a.admin(TestHub.ADMIN_TOKEN, "PUT", "/admin/redirects", "{\"rules\":[{\"match\":{\"serial\":\""
                + serial + "\"},\"to\":\"https://moved.example/bpp/v1\"}]}");
        assertEquals(200, put.status(), put.body());
        try {
            long t0 = System.nanoTime();
            Answer pushed;
            while ((pushed = client.push(serial, SECRET, 1, bytes("line\r\n"))).status() != 307) {
                assertEquals(201, pushed.status());
                fail("node B served a request after the rule was changed on node A");
            }
            System.out.printf("rule changed on A, redirect on B after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            assertEquals("https://moved.example/bpp/v1/devices/" + serial + "/batches/1",
                    pushed.header("Location"));
        } finally {
            assertEquals(200, a.admin(TestHub.ADMIN_TOKEN, "PUT", "/admin/redirects", "{\"rules\":[]}").status());
        }
    }

    @Test
    void outboxWorkOfAKilledNodeIsFinishedByTheOtherExactlyOnce() throws Exception {
        String serial = newDevice();
        HubClient a = new HubClient(nodeA.url(), Set.of());
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            lines.append("2026/11/21 10:").append(String.format("%02d", i % 60)).append(":00,00:01:10,3,")
                    .append(4000 + i).append(",O,4207,4207,,0,1000").append(i).append(",0,E").append(4000 + i)
                    .append(",Desk,T9001,Line 1,0,0\r\n");
        }
        byte[] body = lines.toString().getBytes(StandardCharsets.US_ASCII);
        for (int seq = 1; seq <= 150; seq++) {
            assertEquals(201, push(a, serial, seq, body).status());
        }
        long pending = pending();
        nodeA.kill9();
        assertTrue(pending > 0, "node A was killed with outbox work left (" + pending + " rows)");
        long deadline = System.currentTimeMillis() + 120_000;
        while (pending() > 0) {
            assertTrue(System.currentTimeMillis() < deadline, "node B finishes the outbox");
            Thread.sleep(200);
        }
        assertEquals(150 * 100, hub.count("SELECT COUNT(*) FROM cdr WHERE serial = ?", serial));
        assertEquals(150, hub.count("SELECT COUNT(*) FROM outbox WHERE serial = ? AND sink = 'cdr-table' AND state = 'done'",
                serial));
        long fileLines = 0;
        for (Path f : Files.list(SHARED_FILES.resolve(serial)).filter(f -> f.toString().endsWith(".txt")).toList()) {
            fileLines += Files.readAllLines(f).size();
        }
        assertEquals(150 * 100, fileLines, "each batch filed once in the shared folder, by one node or the other");
        nodeA = nodeA.restart();
    }

    private static Path sharedFilesDir() {
        try {
            return Files.createTempDirectory("shared-files-");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The listening session's last statement: one LISTEN per channel, in no fixed order. */
    private static final String LISTEN = "LISTEN bufferhub_%";

    /** Holds a ping on B, publishes on A, answers the update; the nanoseconds from publish to wake. */
    private long wakeRound(String serial, HubClient a, String version) throws Exception {
        CompletableFuture<Answer> held = CompletableFuture.supplyAsync(() -> ping(serial));
        awaitPinging(serial);
        Answer published = a.admin(TestHub.ADMIN_TOKEN, "POST", "/admin/updates", "{\"target\":{\"serial\":\""
                + serial + "\"},\"kind\":\"diagnostics\",\"version\":\"" + version + "\"}");
        long t0 = System.nanoTime();
        assertEquals(201, published.status(), published.body());
        Answer woken = held.get(10, TimeUnit.SECONDS);
        long nanos = System.nanoTime() - t0;
        assertEquals("changed", json(woken).get("status").asText(), woken.body());
        String id = json(published).get("id").asText();
        assertEquals(204, client.send("POST", "/bpp/v1/devices/" + serial + "/updates/" + id + "/status",
                HubClient.basic(serial, SECRET), Map.of("Content-Type", "application/json"),
                "{\"state\":\"applied\"}".getBytes(StandardCharsets.UTF_8)).status());
        return nanos;
    }

    /** Waits until {@code nodes} database sessions LISTEN for publishes (one per hub node). */
    private void awaitListening(int nodes) throws Exception {
        long deadline = System.currentTimeMillis() + 15_000;
        long listening;
        while ((listening = hub.count("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE ?", LISTEN)) != nodes) {
            assertTrue(System.currentTimeMillis() < deadline, listening + " of " + nodes + " nodes LISTEN");
            Thread.sleep(100);
        }
    }

    private long pending() throws Exception {
        return hub.count("SELECT COUNT(*) FROM outbox WHERE state = 'pending' AND sink IN ('cdr-table', 'files')");
    }

    private void awaitPinging(String serial) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        JsonNode view;
        do {
            Thread.sleep(20);
            view = Json.MAPPER.readTree(admin("GET", "/admin/devices/" + serial, null).body());
        } while (!view.get("pinging").asBoolean() && System.currentTimeMillis() < deadline);
        assertTrue(view.get("pinging").asBoolean(), "held on node B");
    }

    private Answer ping(String serial) {
        return ping(new HubClient(hub.url(), Set.of()), serial, 25);
    }

    private static Answer ping(HubClient node, String serial, int heartbeat) {
        try {
            return node.send("POST", "/bpp/v1/devices/" + serial + "/ping", HubClient.basic(serial, SECRET),
                    Map.of("Content-Type", "application/json"),
                    ("{\"heartbeat\": " + heartbeat + "}").getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean pingingOnB(String serial) throws Exception {
        return Json.MAPPER.readTree(admin("GET", "/admin/devices/" + serial, null).body()).get("pinging").asBoolean();
    }

    private static Answer push(HubClient c, String serial, long seq, byte[] body) {
        try {
            return c.push(serial, SECRET, seq, body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
