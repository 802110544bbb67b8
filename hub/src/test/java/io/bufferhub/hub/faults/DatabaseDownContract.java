package io.bufferhub.hub.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import io.bufferhub.common.Json;
import io.bufferhub.hub.faults.KillNineContract.Sent;
import io.bufferhub.hub.faults.KillNineContract.Stored;
import io.bufferhub.hub.support.TestDatabases;
import io.bufferhub.hub.support.TestHub;
import io.bufferhub.sim.push.HubClient;
import io.bufferhub.sim.push.HubClient.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * PROTOCOL.md §2/§3 when the database goes away under a running hub: pushes get {@code 503} problems with
 * {@code Retry-After} within seconds, nothing is half-written, the hub keeps answering what needs no database,
 * and once the database is back the same push is stored ({@code 201}) and a retry is a duplicate ({@code 200}).
 * Subclasses own a database they can stop and start again on the same port and files.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DatabaseDownContract {

    static final String SECRET = "database down secret";
    static final long ANSWER_WITHIN_MS = 10_000;
    static final long RECOVERY_WITHIN_MS = 30_000;

    private final AtomicInteger devices = new AtomicInteger();
    private Path dir;
    TestHub hub;
    HubClient client;

    /** Starts the database for the first time and returns how to reach it. */
    abstract TestDatabases.Jdbc startDatabase(Path dir) throws Exception;

    /** The database goes away: every connection to it breaks, new ones are refused. */
    abstract void stopDatabase() throws Exception;

    /** The same database comes back on the same address with the same data. */
    abstract void restartDatabase() throws Exception;

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("bufferhub-dbdown-");
        TestDatabases.Jdbc jdbc = startDatabase(dir);
        hub = TestHub.start(jdbc, dir, Map.of("bufferhub.rateLimit.burst", "100000",
                "bufferhub.rateLimit.perSecond", "100000", "bufferhub.auth.cacheMs", "600000"));
        client = hub.client();
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (hub != null) {
                hub.close();
            }
        } finally {
            stopDatabase();
        }
    }

    /** A registered device whose credentials the hub has verified (and cached) with one stored push. */
    String readyDevice() throws Exception {
        String serial = "DB-" + devices.incrementAndGet();
        hub.register(serial, SECRET);
        assertEquals(201, client.push(serial, SECRET, 1, body(serial, 1, 3)).status());
        return serial;
    }

    @Test
    @Timeout(120)
    void outageAnswers503WithRetryAfterAndRecovers() throws Exception {
        String serial = readyDevice();
        byte[] body = body(serial, 2, 25);
        stopDatabase();
        try {
            long t0 = System.currentTimeMillis();
            Answer a = client.push(serial, SECRET, 2, body);
            long took = System.currentTimeMillis() - t0;
            assertUnavailable(a);
            assertTrue(took < ANSWER_WITHIN_MS, "503 took " + took + " ms");
            assertUnavailable(client.push(serial, SECRET, 2, body)); // still down: still 503, not a hang

            // what needs no database still answers
            Answer noToken = client.admin("not-the-token-not-the-token", "GET", "/admin/devices/" + serial, null);
            assertEquals(401, noToken.status(), noToken.body());
            assertEquals("application/problem+json", noToken.header("content-type"));
            Answer noCredentials = client.send("POST", "/bpp/v1/devices/" + serial + "/batches/2", null,
                    Map.of("Content-Type", "text/plain"), body);
            assertEquals(401, noCredentials.status(), noCredentials.body());
            assertNotNull(noCredentials.header("www-authenticate"));
            // an operator request that needs the database is a 503 problem as well
            assertUnavailable(client.admin(TestHub.ADMIN_TOKEN, "GET", "/admin/devices/" + serial, null));
        } finally {
            restartDatabase();
        }
        assertEquals(0, hub.count("SELECT COUNT(*) FROM batch WHERE serial = ? AND seq = 2", serial),
                "a batch answered 503 was stored");
        assertEquals(0, hub.count("SELECT COUNT(*) FROM batch_record WHERE serial = ? AND seq = 2", serial),
                "records of a batch answered 503 were stored");

        Answer stored = pushUntilNot503(serial, 2, body);
        assertEquals(201, stored.status(), stored.body());
        assertEquals(25, json(stored).get("records").asInt());
        assertEquals(false, json(stored).get("duplicate").asBoolean());
        Answer again = client.push(serial, SECRET, 2, body);
        assertEquals(200, again.status(), again.body());
        assertEquals(true, json(again).get("duplicate").asBoolean());
        assertEquals(2, hub.count("SELECT COUNT(*) FROM batch WHERE serial = ?", serial));
        assertEquals(3 + 25, hub.count("SELECT COUNT(*) FROM batch_record WHERE serial = ?", serial));
    }

    @Test
    @Timeout(120)
    void pushesCaughtByTheOutageAreAllOrNothing() throws Exception {
        List<String> serials = List.of(readyDevice(), readyDevice(), readyDevice());
        Map<String, Sent> generated = new ConcurrentHashMap<>();
        Map<String, Sent> acknowledged = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
        AtomicInteger unavailable = new AtomicInteger();
        AtomicBoolean finish = new AtomicBoolean();
        AtomicBoolean abort = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (String serial : serials) {
            generated.put(serial + "/1", new Sent(serial, 1, body(serial, 1, 3), 3));
            acknowledged.put(serial + "/1", generated.get(serial + "/1"));
            Thread t = new Thread(() -> {
                Random random = new Random(serial.hashCode());
                // a busy fleet: the hub sees this device's next try 100 ms after a 503 (many devices, each
                // honouring Retry-After, look the same to it); the same seq again until stored, then the next
                for (long seq = 2; !finish.get() && seq < 100_000; seq++) {
                    Sent b = KillNineContract.batch(serial, seq, random);
                    generated.put(b.key(), b);
                    while (!abort.get()) {
                        try {
                            Answer a = client.push(serial, SECRET, seq, b.body());
                            if (a.status() == 201 || a.status() == 200) {
                                acknowledged.put(b.key(), b);
                                break;
                            }
                            if (a.status() == 503 && a.header("retry-after") != null) {
                                unavailable.incrementAndGet();
                            } else {
                                unexpected.add(b.key() + " -> " + a.status() + " " + a.headers() + " " + a.body());
                            }
                            Thread.sleep(100);
                        } catch (IOException e) {
                            unexpected.add(b.key() + " -> no answer: " + e);
                            return;
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            }, "push-" + serial);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        try {
            Thread.sleep(1_500);
            stopDatabase();
            Thread.sleep(3_000);
            restartDatabase();
            Thread.sleep(3_000); // the stream goes on after the database is back
            finish.set(true);
            for (Thread t : threads) {
                t.join(RECOVERY_WITHIN_MS);
                assertTrue(!t.isAlive(), t.getName() + " got nothing stored for " + RECOVERY_WITHIN_MS
                        + " ms after the database was back (" + unavailable.get() + " answers 503; other answers: "
                        + unexpected + ")");
            }
        } finally {
            abort.set(true);
        }
        System.out.printf("database down (%s): %d batches, %d acknowledged, %d answers 503%n",
                getClass().getSimpleName(), generated.size(), acknowledged.size(), unavailable.get());
        assertTrue(unexpected.isEmpty(), "answers other than 201/200/503+Retry-After: " + unexpected);
        assertTrue(unavailable.get() > 0, "the outage produced no 503");

        Map<String, Stored> stored = storedFor(serials);
        KillNineContract.assertWhole(stored, generated);
        for (Sent b : acknowledged.values()) {
            assertTrue(stored.containsKey(b.key()), "acknowledged " + b.key() + " missing");
        }
        List<String> wrong = new ArrayList<>();
        for (Sent b : generated.values()) {
            Answer a = client.push(b.serial(), SECRET, b.seq(), b.body());
            if (a.status() != 200) {
                wrong.add(b.key() + " -> " + a.status() + " " + a.body());
            }
        }
        assertTrue(wrong.isEmpty(), "re-sent batches not answered 200 duplicate: " + wrong);
        stored = storedFor(serials);
        KillNineContract.assertWhole(stored, generated);
        assertEquals(generated.size(), stored.size());
    }

    /** What the database holds for these devices only (other tests of the class share the database). */
    Map<String, Stored> storedFor(List<String> serials) throws Exception {
        Map<String, Stored> stored = new java.util.HashMap<>(KillNineContract.stored(hub.jdbc()));
        stored.keySet().removeIf(key -> !serials.contains(key.substring(0, key.indexOf('/'))));
        return stored;
    }

    /** Like one device (PROTOCOL.md §2): after a 503 it waits Retry-After seconds, then sends the same batch again. */
    Answer pushUntilNot503(String serial, long seq, byte[] body) throws Exception {
        long deadline = System.currentTimeMillis() + RECOVERY_WITHIN_MS;
        Answer a = client.push(serial, SECRET, seq, body);
        while (a.status() == 503 && System.currentTimeMillis() < deadline) {
            assertUnavailable(a);
            Thread.sleep(1000 * Math.min(10, Long.parseLong(a.header("retry-after").trim())));
            a = client.push(serial, SECRET, seq, body);
        }
        return a;
    }

    static void assertUnavailable(Answer a) throws Exception {
        assertEquals(503, a.status(), a.body());
        assertEquals("application/problem+json", a.header("content-type"));
        String retryAfter = a.header("retry-after");
        assertNotNull(retryAfter, "503 without Retry-After: " + a.headers());
        assertTrue(Long.parseLong(retryAfter.trim()) > 0, "Retry-After: " + retryAfter);
        JsonNode p = json(a);
        assertEquals(503, p.get("status").asInt());
        assertNotNull(p.get("type"));
        assertNotNull(p.get("title"));
        assertNotNull(p.get("detail"));
    }

    static JsonNode json(Answer a) throws Exception {
        return Json.MAPPER.readTree(a.body());
    }

    static byte[] body(String serial, long seq, int lines) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= lines; i++) {
            sb.append(serial).append(',').append(seq).append(',').append(i).append(",call record\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

}
