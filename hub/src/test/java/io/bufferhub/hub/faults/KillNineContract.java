package io.bufferhub.hub.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import io.bufferhub.common.ContentDigest;
import io.bufferhub.hub.support.HubProcess;
import io.bufferhub.hub.support.TestDatabases;
import io.bufferhub.hub.support.TestHub;
import io.bufferhub.sim.push.HubClient;
import io.bufferhub.sim.push.HubClient.Answer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * PROTOCOL.md §3 under a crash: several devices push back-to-back, the hub JVM gets SIGKILL while pushes are
 * in flight and is started again on the same data dir and database. Every batch answered 201/200 must be there
 * exactly once with its records, nothing may be half-written, and re-sending everything must converge to
 * exactly one copy of each batch. Subclasses pick the database.
 */
abstract class KillNineContract {

    static final String SECRET = "kill nine secret";
    static final int DEVICES = 6;
    static final int MAX_SEQ_PER_DEVICE = 20_000;
    static final long RUN_BEFORE_KILL_MS = 2_500;
    static final Map<String, String> SETTINGS = Map.of("bufferhub.rateLimit.burst", "100000",
            "bufferhub.rateLimit.perSecond", "100000", "bufferhub.auth.cacheMs", "600000");

    /** One batch a device generated: its bytes and the number of lines in them. */
    record Sent(String serial, long seq, byte[] body, int lines) {
        String key() {
            return serial + "/" + seq;
        }

        String digest() {
            return ContentDigest.hex(ContentDigest.sha256(body));
        }
    }

    /** A stored batch as the database has it. */
    record Stored(String digest, int records, long recordRows) {
    }

    abstract TestDatabases.Jdbc database(Path dataDir) throws Exception;

    @Test
    @Timeout(180)
    void acknowledgedBatchesSurviveKillNineExactlyOnce() throws Exception {
        Path dataDir = Files.createTempDirectory("bufferhub-kill9-");
        TestDatabases.Jdbc jdbc = database(dataDir);
        List<String> serials = new ArrayList<>();
        for (int i = 1; i <= DEVICES; i++) {
            serials.add("K9-" + i);
        }

        // 1. a stream of pushes from several devices, killed halfway
        Map<String, Sent> generated = new ConcurrentHashMap<>();
        Map<String, Sent> acknowledged = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
        AtomicLong cut = new AtomicLong();
        HubProcess first = HubProcess.start(jdbc, dataDir, SETTINGS);
        try {
            for (String s : serials) {
                first.register(s, SECRET);
            }
            HubClient client = first.client();
            List<Thread> threads = new ArrayList<>();
            for (String serial : serials) {
                Thread t = new Thread(() -> {
                    Random random = new Random(serial.hashCode());
                    for (long seq = 1; seq <= MAX_SEQ_PER_DEVICE; seq++) {
                        Sent b = batch(serial, seq, random);
                        generated.put(b.key(), b);
                        try {
                            Answer a = client.push(serial, SECRET, seq, b.body());
                            if (a.status() == 201 || a.status() == 200) {
                                acknowledged.put(b.key(), b);
                            } else {
                                unexpected.add(b.key() + " -> " + a.status() + " " + a.body());
                            }
                        } catch (IOException e) {
                            cut.incrementAndGet(); // the hub died under this push: not stored, as far as we know
                            return;
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }, "push-" + serial);
                t.start();
                threads.add(t);
            }
            Thread.sleep(RUN_BEFORE_KILL_MS);
            first.kill9();
            for (Thread t : threads) {
                t.join(60_000);
                assertTrue(!t.isAlive(), t.getName() + " still pushes 60 s after the kill");
            }
        } finally {
            first.kill9();
        }
        System.out.printf("kill -9 (%s): %d batches generated, %d acknowledged, %d pushes cut by the kill%n",
                getClass().getSimpleName(), generated.size(), acknowledged.size(), cut.get());
        assertTrue(unexpected.isEmpty(), "answers other than 201/200 before the kill: " + unexpected);
        assertTrue(acknowledged.size() >= 5 * DEVICES, "too few pushes before the kill to prove anything: "
                + acknowledged.size());
        assertTrue(cut.get() > 0, "the kill cut no push in flight");

        // 2. the hub comes back on the same data dir and database, then stops cleanly so the files can be read
        HubProcess second = first.restart();
        try {
            Answer list = second.client().admin(TestHub.ADMIN_TOKEN, "GET", "/admin/devices", null);
            assertEquals(200, list.status(), list.body());
            serials.forEach(s -> assertTrue(list.body().contains('"' + s + '"'), s + " not listed: " + list.body()));
        } finally {
            second.close();
        }
        Map<String, Stored> stored = stored(jdbc);
        List<String> missing = new ArrayList<>();
        for (String serial : serials) {
            List<Long> lost = acknowledged.values().stream().filter(b -> b.serial().equals(serial)
                    && !stored.containsKey(b.key())).map(Sent::seq).sorted().toList();
            if (!lost.isEmpty()) {
                long acked = acknowledged.values().stream().filter(b -> b.serial().equals(serial))
                        .mapToLong(Sent::seq).max().orElse(0);
                missing.add(serial + " seq " + lost.get(0) + ".." + lost.get(lost.size() - 1) + " (" + lost.size()
                        + " batches; acknowledged up to " + acked + ")");
            }
        }
        assertTrue(missing.isEmpty(), "acknowledged batches missing after kill -9 and restart (" + acknowledged.size()
                + " acknowledged, " + stored.size() + " stored): " + missing);
        for (Sent b : acknowledged.values()) {
            Stored s = stored.get(b.key());
            assertEquals(b.digest(), s.digest(), "digest of acknowledged " + b.key());
            assertEquals(b.lines(), s.records(), "records of acknowledged " + b.key());
            assertEquals(b.lines(), s.recordRows(), "batch_record rows of acknowledged " + b.key());
        }
        Map<String, Stored> afterCrash = new HashMap<>(stored);
        if (crashMayLeaveUnacknowledgedOrphans()) {
            afterCrash.entrySet().removeIf(e -> e.getValue().digest() == null && !acknowledged.containsKey(e.getKey()));
        }
        assertWhole(afterCrash, generated);

        // 3. every device re-sends every batch it generated: the answers are 200 or 201 and one copy remains
        HubProcess third = first.restart();
        List<String> wrong = new ArrayList<>();
        try {
            HubClient client = third.client();
            for (Sent b : generated.values()) {
                Answer a = client.push(b.serial(), SECRET, b.seq(), b.body());
                boolean ok = acknowledged.containsKey(b.key()) ? a.status() == 200 : a.status() == 200 || a.status() == 201;
                if (!ok) {
                    wrong.add(b.key() + (acknowledged.containsKey(b.key()) ? " (acknowledged)" : "") + " -> "
                            + a.status() + " " + a.body());
                }
            }
        } finally {
            third.close();
        }
        assertTrue(wrong.isEmpty(), "re-sent batches answered wrongly: " + wrong);
        Map<String, Stored> after = stored(jdbc);
        assertWhole(after, generated);
        assertEquals(generated.size(), after.size(), "one batch row per distinct batch");
        long lines = generated.values().stream().mapToLong(Sent::lines).sum();
        long rows = after.values().stream().mapToLong(Stored::recordRows).sum();
        assertEquals(lines, rows, "one batch_record row per line of every distinct batch");
        long batchRows = ((Number) HubProcess.query(jdbc, "SELECT COUNT(*) FROM batch").get(0)[0]).longValue();
        assertEquals(generated.size(), batchRows, "batch rows");
    }

    /**
     * H2 only: its recovery after SIGKILL was seen (about one run in four) to keep one record row of the batch that
     * was being committed, without its batch row — never for an acknowledged batch. The hub replaces such rows when
     * the batch is sent again, which step 3 checks. PostgreSQL must show nothing of the kind.
     */
    protected boolean crashMayLeaveUnacknowledgedOrphans() {
        return false;
    }

    /** Every stored batch is one the devices sent, with its digest, and has exactly its records; no orphans. */
    static void assertWhole(Map<String, Stored> stored, Map<String, Sent> generated) {
        List<String> problems = new ArrayList<>();
        stored.forEach((key, s) -> {
            Sent b = generated.get(key);
            if (s.digest() == null) {
                problems.add(key + ": " + s.recordRows() + " batch_record rows without a batch row");
            } else if (b == null) {
                problems.add(key + ": stored but never sent");
            } else if (!b.digest().equals(s.digest()) || s.records() != b.lines() || s.recordRows() != b.lines()) {
                problems.add(key + ": digest " + s.digest() + " records " + s.records() + " rows " + s.recordRows()
                        + ", sent " + b.digest() + " with " + b.lines() + " lines");
            }
        });
        assertTrue(problems.isEmpty(), "half-written or foreign batches: " + problems);
    }

    /** Everything in batch and batch_record, by serial/seq (a key with only records has a null digest). */
    static Map<String, Stored> stored(TestDatabases.Jdbc jdbc) throws Exception {
        Map<String, Long> rows = new HashMap<>();
        for (Object[] r : HubProcess.query(jdbc, "SELECT serial, seq, COUNT(*) FROM batch_record GROUP BY serial, seq")) {
            rows.put(r[0] + "/" + ((Number) r[1]).longValue(), ((Number) r[2]).longValue());
        }
        Map<String, Stored> out = new HashMap<>();
        for (Object[] r : HubProcess.query(jdbc, "SELECT serial, seq, digest, records FROM batch")) {
            String key = r[0] + "/" + ((Number) r[1]).longValue();
            if (out.put(key, new Stored(r[2].toString().trim(), ((Number) r[3]).intValue(),
                    rows.getOrDefault(key, 0L))) != null) {
                fail("two batch rows for " + key);
            }
        }
        rows.forEach((key, n) -> out.putIfAbsent(key, new Stored(null, 0, n)));
        return out;
    }

    /** A distinct multi-line batch (CR LF or LF line ends), a few hundred bytes to some tens of KiB. */
    static Sent batch(String serial, long seq, Random random) {
        int lines = 1 + random.nextInt(random.nextInt(10) == 0 ? 400 : 40);
        String eol = random.nextBoolean() ? "\r\n" : "\n";
        StringBuilder sb = new StringBuilder(lines * 90);
        for (int i = 1; i <= lines; i++) {
            sb.append(String.format("%s %6d %4d 2025-01-%02d 12:%02d:%02d ext%04d -> 0%09d dur %5d%s", serial, seq,
                    i, 1 + random.nextInt(28), random.nextInt(60), random.nextInt(60), random.nextInt(10_000),
                    random.nextInt(1_000_000_000), random.nextInt(99_999), eol));
        }
        return new Sent(serial, seq, sb.toString().getBytes(StandardCharsets.US_ASCII), lines);
    }
}
