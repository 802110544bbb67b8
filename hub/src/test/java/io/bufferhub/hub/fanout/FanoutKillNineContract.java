package io.bufferhub.hub.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Clob;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.bufferhub.common.Json;
import io.bufferhub.hub.support.HubProcess;
import io.bufferhub.hub.support.TestDatabases;
import io.bufferhub.hub.support.TestHub;
import io.bufferhub.sim.push.HubClient;
import io.bufferhub.sim.push.HubClient.Answer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 5's outbox under a crash: a device pushes batches of Avaya SMDR lines back to back, the hub JVM gets
 * SIGKILL while the {@code cdr-table} and {@code files} sinks are delivering and still have a backlog, and a new
 * hub is started on the same data dir and database. The device re-sends what was not acknowledged, the backlog
 * drains, and then every stored batch must be in the {@code cdr} table exactly once and in the device's daily
 * file exactly once, as one whole block of CRLF lines — a redelivered row must neither be skipped (loss) nor
 * land a second time (the transacted cdr rows, the files journal). The kill is proven to have hit the sinks
 * mid-backlog: outbox rows created before it were delivered only after it. Subclasses pick the database.
 */
abstract class FanoutKillNineContract {

    static final String SECRET = "fanout kill nine secret";
    static final String SERIAL = "FK9-1";
    static final int LINES = 50;
    static final int MAX_BATCHES = 3_000;
    /** Kill only once this much is acknowledged, each sink has delivered and still has this much to do. */
    static final int MIN_ACKED = 150;
    static final long MIN_DONE = 10;
    static final long MIN_BACKLOG = 50;
    static final List<String> BATCH_SINKS = List.of("cdr-table", "files");
    static final List<String> SINKS = List.of("cdr-table", "files", "alert-rules");
    /** Every batch has the same length (fixed-width fields), so a file's size says how many batches it holds. */
    static final int BATCH_BYTES = body(lines(1)).length;
    /** Sinks capped at 40 batches/s each (20 per 500 ms poll), below the push rate, so a backlog builds to kill into. */
    static final Map<String, String> SETTINGS = Map.of("bufferhub.rateLimit.burst", "100000",
            "bufferhub.rateLimit.perSecond", "100000", "bufferhub.auth.cacheMs", "600000",
            "integrations.outbox.maxPerPoll", "20");

    /**
     * What the two sinks delivered so far, seen from outside the hub: rows in the cdr table (operator API) and
     * bytes in the daily files. Outbox counts would need the database, which for H2 the running hub holds locked.
     */
    record Progress(long cdrRows, long fileBytes) {
        long cdrBatches() {
            return cdrRows / LINES;
        }

        long fileBatches() {
            return fileBytes / BATCH_BYTES;
        }
    }

    abstract TestDatabases.Jdbc database(Path dataDir) throws Exception;

    @Test
    @Timeout(300)
    void killedMidDeliveryNothingLostNothingTwice() throws Exception {
        long started = System.nanoTime();
        Path dataDir = Files.createTempDirectory("bufferhub-fanout-kill9-");
        TestDatabases.Jdbc jdbc = database(dataDir);
        Map<Long, List<String>> generated = new ConcurrentHashMap<>();
        Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
        ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
        AtomicBoolean cut = new AtomicBoolean();

        // 1. a device pushes back to back; the hub is killed while both sinks are delivering, with a backlog
        HubProcess first = HubProcess.start(jdbc, dataDir, SETTINGS);
        String atKill;
        long killedAt;
        try {
            first.register(SERIAL, SECRET);
            HubClient client = first.client();
            Thread pusher = new Thread(() -> {
                for (long seq = 1; seq <= MAX_BATCHES; seq++) {
                    List<String> lines = lines(seq);
                    generated.put(seq, lines);
                    try {
                        Answer a = client.push(SERIAL, SECRET, seq, body(lines));
                        if (a.status() == 201) {
                            acknowledged.add(seq);
                        } else {
                            unexpected.add(seq + " -> " + a.status() + " " + a.body());
                        }
                    } catch (IOException e) {
                        cut.set(true); // the hub died under this push: stored or not, the device does not know
                        return;
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "push-" + SERIAL);
            pusher.start();
            long lastFileBytes = -1;
            while (true) {
                long acked = acknowledged.size(); // read first: stored >= acked, so acked - delivered <= pending
                Progress now = progress(client, dataDir);
                boolean filing = lastFileBytes >= 0 && now.fileBytes() > lastFileBytes; // a files burst is running
                lastFileBytes = now.fileBytes();
                if (filing && acked >= MIN_ACKED && now.cdrBatches() >= MIN_DONE && now.fileBatches() >= MIN_DONE
                        && acked - now.cdrBatches() >= MIN_BACKLOG && acked - now.fileBatches() >= MIN_BACKLOG) {
                    killedAt = System.currentTimeMillis();
                    first.kill9();
                    atKill = String.format("%.1f s: %d acknowledged, %d in cdr, %d filed",
                            (System.nanoTime() - started) / 1e9, acked, now.cdrBatches(), now.fileBatches());
                    break;
                }
                if (!pusher.isAlive()) {
                    fail("all " + MAX_BATCHES + " batches pushed and the sinks never had a backlog to kill into: "
                            + acked + " acknowledged, " + now + "\n" + HubProcess.tail(first.log()));
                }
                Thread.sleep(5);
            }
            pusher.join(60_000);
            assertFalse(pusher.isAlive(), "the device still pushes 60 s after the kill");
        } finally {
            first.kill9();
        }
        boolean tmpLeft = leftoverTemp(dataDir);
        System.out.printf("fanout kill -9 (%s): %d batches generated, push cut: %s, at the kill %s, a daily file write"
                + " in progress: %s%n", getClass().getSimpleName(), generated.size(), cut.get(), atKill, tmpLeft);
        assertTrue(unexpected.isEmpty(), "answers other than 201 before the kill: " + unexpected);

        // 2. a new hub on the same data dir and database; the device re-sends what was not acknowledged
        HubProcess second = first.restart();
        try {
            HubClient client = second.client();
            List<String> wrong = new ArrayList<>();
            for (long seq : new TreeMap<>(generated).keySet()) {
                if (!acknowledged.contains(seq)) {
                    Answer a = client.push(SERIAL, SECRET, seq, body(generated.get(seq)));
                    if (a.status() != 200 && a.status() != 201) {
                        wrong.add(seq + " -> " + a.status() + " " + a.body());
                    }
                }
            }
            assertTrue(wrong.isEmpty(), "re-sent batches refused: " + wrong);
            awaitDelivered(second, (long) generated.size() * LINES, (long) generated.size() * BATCH_BYTES);
        } finally {
            second.close(); // a clean stop, so H2's file can be read below
        }
        List<Object[]> dead = HubProcess.query(jdbc, "SELECT sink, ref, last_error FROM outbox WHERE state = 'dead'");
        assertTrue(dead.isEmpty(), "dead letters: " + dead.stream().map(Arrays::toString).toList() + "\n"
                + HubProcess.tail(second.log()));

        // 4. every batch the device sent is stored whole, once
        Map<Long, List<String>> stored = storedLines(jdbc);
        assertEquals(generated.keySet(), stored.keySet(), "stored batches (every one sent was acknowledged or re-sent)");
        generated.forEach((seq, lines) -> assertEquals(lines, stored.get(seq), "batch_record lines of seq " + seq));
        long storedLines = stored.values().stream().mapToLong(List::size).sum();
        assertEquals((long) generated.size(), count(jdbc, "SELECT COUNT(*) FROM batch WHERE serial = ?", SERIAL),
                "batch rows");

        // 5. the daily file(s): every stored batch exactly once, as one whole block of its lines in order
        assertFileHoldsEachBatchOnce(dataDir.resolve("files").resolve(SERIAL), stored);

        // 6. the cdr table: each stored line exactly once, with its raw text
        assertEquals(storedLines, count(jdbc, "SELECT COUNT(*) FROM cdr WHERE serial = ?", SERIAL), "cdr rows");
        assertEquals(storedLines, count(jdbc, "SELECT COUNT(*) FROM batch_record"), "batch_record rows (no orphans)");
        List<String> cdrProblems = new ArrayList<>();
        for (Object[] r : HubProcess.query(jdbc, "SELECT seq, COUNT(*), COUNT(DISTINCT line_no) FROM cdr WHERE serial = ?"
                + " GROUP BY seq", SERIAL)) {
            long seq = ((Number) r[0]).longValue();
            long rows = ((Number) r[1]).longValue();
            List<String> lines = stored.get(seq);
            if (lines == null || rows != lines.size() || ((Number) r[2]).longValue() != lines.size()) {
                cdrProblems.add("seq " + seq + ": " + rows + " cdr rows, "
                        + (lines == null ? "not stored" : lines.size() + " lines"));
            }
        }
        assertTrue(cdrProblems.isEmpty(), "batches in cdr not exactly once: " + cdrProblems);
        assertEquals(storedLines, count(jdbc, "SELECT COUNT(*) FROM cdr c JOIN batch_record r ON r.serial = c.serial"
                + " AND r.seq = c.seq AND r.line_no = c.line_no WHERE c.raw_line = r.raw_line"),
                "cdr rows with their raw line");

        // 7. the outbox: one row per stored batch and batch-fed sink, delivered (alert rules may still be at work)
        for (String sink : SINKS) {
            assertEquals((long) stored.size(), count(jdbc, "SELECT COUNT(*) FROM outbox WHERE sink = ? AND serial = ?",
                    sink, SERIAL), sink + " outbox rows");
        }
        for (String sink : BATCH_SINKS) {
            assertEquals((long) stored.size(), count(jdbc, "SELECT COUNT(*) FROM outbox WHERE sink = ? AND serial = ?"
                    + " AND state = 'done'", sink, SERIAL), sink + " outbox rows done");
        }

        // 8. the kill really hit a backlog: rows queued before it were delivered by the second hub
        Map<String, Long> redelivered = new HashMap<>();
        for (Object[] r : HubProcess.query(jdbc, "SELECT sink, COUNT(*) FROM outbox WHERE created_at < ? AND updated_at > ?"
                + " AND state = 'done' GROUP BY sink", killedAt, killedAt)) {
            redelivered.put(r[0].toString(), ((Number) r[1]).longValue());
        }
        for (String sink : BATCH_SINKS) {
            assertTrue(redelivered.getOrDefault(sink, 0L) > 0, sink + ": nothing queued before the kill was delivered"
                    + " after it, so the kill proves nothing: " + redelivered + ", at kill " + atKill);
        }

        System.out.printf("fanout kill -9 (%s): %d batches / %d lines stored, redelivered after the kill %s,"
                        + " %.1f s in all%n", getClass().getSimpleName(), stored.size(), storedLines, redelivered,
                (System.nanoTime() - started) / 1e9);
    }

    /**
     * The files under the device's directory (normally one day; two if the run crosses midnight UTC) split into
     * CRLF lines; each line must be a stored line, and each batch must show up as exactly one run of its lines
     * 1..n. Batches may come in any order: a re-sent batch is filed after those stored before it.
     */
    static void assertFileHoldsEachBatchOnce(Path dir, Map<Long, List<String>> stored) throws IOException {
        Map<String, long[]> where = new HashMap<>(); // raw line -> {seq, index}
        stored.forEach((seq, lines) -> {
            for (int i = 0; i < lines.size(); i++) {
                if (where.put(lines.get(i), new long[] {seq, i}) != null) {
                    fail("test lines are meant to be unique: " + lines.get(i));
                }
            }
        });
        List<Path> files = dailyFiles(dir);
        assertFalse(files.isEmpty(), "no daily file in " + dir);
        List<String> problems = new ArrayList<>();
        Map<Long, Integer> blocks = new TreeMap<>();
        long fileLines = 0;
        for (Path file : files) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            if (!text.isEmpty() && !text.endsWith("\r\n")) {
                problems.add(file.getFileName() + " does not end with CRLF (a torn write)");
            }
            long seq = -1;
            int next = 0;
            for (String line : text.split("\r\n", -1)) {
                if (line.isEmpty()) {
                    continue; // the end of the file; stored lines are never empty
                }
                fileLines++;
                long[] at = where.get(line);
                if (at == null || line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
                    problems.add(file.getFileName() + ": line not stored: " + line);
                    continue;
                }
                if (at[1] == 0) { // a batch's block starts
                    if (seq >= 0 && next != stored.get(seq).size()) {
                        problems.add("seq " + seq + ": block cut after " + next + " lines");
                    }
                    seq = at[0];
                    next = 1;
                    blocks.merge(seq, 1, Integer::sum);
                } else if (at[0] != seq || at[1] != next) {
                    problems.add("seq " + at[0] + " line " + (at[1] + 1) + " out of place (after seq " + seq + ")");
                } else {
                    next++;
                }
            }
            if (seq >= 0 && next != stored.get(seq).size()) {
                problems.add("seq " + seq + ": block cut after " + next + " lines at the end of " + file.getFileName());
            }
        }
        blocks.forEach((seq, n) -> {
            if (n != 1) {
                problems.add("seq " + seq + " filed " + n + " times");
            }
        });
        Set<Long> missing = new HashSet<>(stored.keySet());
        missing.removeAll(blocks.keySet());
        if (!missing.isEmpty()) {
            problems.add("batches never filed: seq " + new TreeSet<>(missing));
        }
        long expected = stored.values().stream().mapToLong(List::size).sum();
        assertTrue(problems.isEmpty(), "daily files " + files + " do not hold each stored batch exactly once ("
                + fileLines + " lines, " + expected + " stored): " + problems.subList(0, Math.min(30, problems.size())));
        assertEquals(expected, fileLines, "lines in the daily files");
    }

    /**
     * Waits until the cdr table and the daily files hold everything stored ({@code lines}, {@code bytes}), or
     * more than that: something came twice, which the checks after the hub has stopped then pin down.
     */
    static void awaitDelivered(HubProcess hub, long lines, long bytes) throws Exception {
        long deadline = System.currentTimeMillis() + 180_000;
        while (true) {
            Progress now = progress(hub.client(), hub.dataDir());
            if (now.cdrRows() > lines || now.fileBytes() > bytes) {
                System.out.printf("more delivered than stored (%d lines, %d bytes): %s%n", lines, bytes, now);
                return; // the checks on the stopped hub say what came twice
            }
            if (now.cdrRows() == lines && now.fileBytes() == bytes) {
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                fail("not delivered within 180 s after the restart (" + lines + " lines, " + bytes + " bytes): " + now
                        + "\n" + HubProcess.tail(hub.log()));
            }
            Thread.sleep(100);
        }
    }

    /** cdr rows of the device from {@code GET /admin/cdr}, bytes of its daily files (renamed into place whole). */
    static Progress progress(HubClient client, Path dataDir) throws Exception {
        Answer a = client.admin(TestHub.ADMIN_TOKEN, "GET", "/admin/cdr?serial=" + SERIAL + "&limit=1", null);
        assertEquals(200, a.status(), a.body());
        JsonNode cdr = Json.MAPPER.readTree(a.body());
        long bytes = 0;
        for (Path f : dailyFiles(dataDir.resolve("files").resolve(SERIAL))) {
            bytes += Files.size(f);
        }
        return new Progress(cdr.get("parsed").asLong() + cdr.get("unparsed").asLong(), bytes);
    }

    /** The device's daily files, not the sink's temp files; none before its first delivery. */
    static List<Path> dailyFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
    }

    /** A temp file of the files sink left behind: the kill landed between writing it and renaming it. */
    static boolean leftoverTemp(Path dataDir) throws IOException {
        Path dir = dataDir.resolve("files").resolve(SERIAL);
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.anyMatch(p -> p.getFileName().toString().endsWith(".tmp"));
        }
    }

    /** The raw lines of every stored batch of the device, by seq, in line order. */
    static Map<Long, List<String>> storedLines(TestDatabases.Jdbc jdbc) throws Exception {
        Map<Long, List<String>> out = new TreeMap<>();
        for (Object[] r : HubProcess.query(jdbc, "SELECT seq, raw_line FROM batch_record WHERE serial = ?"
                + " ORDER BY seq, line_no", SERIAL)) {
            Object raw = r[1];
            String text = raw instanceof Clob c ? c.getSubString(1, (int) c.length()) : raw.toString();
            out.computeIfAbsent(((Number) r[0]).longValue(), k -> new ArrayList<>()).add(text);
        }
        return out;
    }

    static long count(TestDatabases.Jdbc jdbc, String sql, Object... args) throws Exception {
        return ((Number) HubProcess.query(jdbc, sql, args).get(0)[0]).longValue();
    }

    /**
     * {@link #LINES} Avaya SMDR lines, each unique (the dialled number carries seq and line) so a line in the
     * daily file names its batch; internal numbers, so the alert rules stay quiet.
     */
    static List<String> lines(long seq) {
        List<String> out = new ArrayList<>(LINES);
        for (int i = 1; i <= LINES; i++) {
            int s = (int) ((seq * LINES + i) % 36_000);
            String start = String.format("2026/11/21 %02d:%02d:%02d", 8 + s / 3600, s / 60 % 60, s % 60);
            String extension = Integer.toString(4600 + (int) ((seq + i) % 90));
            String dialled = String.format("5%05d%02d", seq, i);
            out.add(FanoutContract.avaya(start, dialled, extension, "Desk " + i));
        }
        return out;
    }

    static byte[] body(List<String> lines) {
        return (String.join("\r\n", lines) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }
}
