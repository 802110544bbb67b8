package io.bufferhub.device.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real thing: a child JVM ({@link SpoolCrashChild}) appends with EVERY_WRITE and is killed with
 * SIGKILL ({@link Process#destroyForcibly()}) at a random moment, so the kill lands in appends, seals,
 * journal rewrites and acknowledgements. After each kill the spool is reopened here and must hold every
 * append the child reported, exactly once and in order per channel, in sealed batches whose seqs are
 * unique, increasing and never reassigned to other bytes. The same directory is reused for every
 * round, so recovery also runs on top of earlier recoveries.
 */
class SpoolCrashTest {

    private static final int ROUNDS = 8;

    @TempDir
    Path dir;
    @TempDir
    Path logs;

    /** seq → channel + body, for every batch ever seen (acknowledged ones from the child's K lines). */
    private final TreeMap<Long, String[]> batches = new TreeMap<>();

    @Test
    void killedAtRandomMomentsTheSpoolKeepsEveryReportedAppendExactlyOnce() throws Exception {
        Random random = new Random();
        long next = 0;
        for (int round = 0; round < ROUNDS; round++) {
            long lastReported = runAndKill(next, round, 50 + random.nextInt(400));
            next = verify(lastReported) + 1;
        }
        assertTrue(next > 50, "the child appended something: " + next);
    }

    /**
     * Runs one child and kills it; returns the last append it reported. Its stdout goes to a file, read
     * after it died: what a process wrote to a file survives its SIGKILL, whereas reading its stdout pipe
     * while it is killed lost the last lines in practice (the JDK drains the pipe at process exit).
     */
    private long runAndKill(long first, int round, long killAfterMs) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path out = logs.resolve("child-" + round + ".out");
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                SpoolCrashChild.class.getName(), dir.toString(), Long.toString(first));
        pb.redirectOutput(out.toFile());
        pb.redirectError(logs.resolve("child-" + round + ".err").toFile());
        Process child = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Files.readString(out, StandardCharsets.US_ASCII).startsWith("READY")) {
            assertTrue(child.isAlive() && System.nanoTime() < deadline, "child did not start: "
                    + Files.readString(logs.resolve("child-" + round + ".err")));
            Thread.sleep(5);
        }
        Thread.sleep(killAfterMs);
        child.destroyForcibly();
        assertTrue(child.waitFor(20, TimeUnit.SECONDS));
        long lastReported = first - 1;
        for (String line : Files.readAllLines(out, StandardCharsets.US_ASCII)) {
            String[] f = line.split(" ");
            if (f[0].equals("A") && f.length == 3 && f[2].equals(".")) {
                lastReported = Math.max(lastReported, Long.parseLong(f[1]));
            } else if (f[0].equals("K") && f.length == 5 && f[4].equals(".")) {
                String body = new String(Base64.getDecoder().decode(f[3]), StandardCharsets.US_ASCII);
                String[] old = batches.put(Long.parseLong(f[1]), new String[] {f[2], body});
                assertTrue(old == null || old[1].equals(body), "seq " + f[1] + " reused for other bytes");
            }
        }
        return lastReported;
    }

    /** Reopens the spool, checks it and returns the highest index found. */
    private long verify(long lastReported) throws Exception {
        Map<String, StringBuilder> streams = new TreeMap<>();
        try (Spool spool = Spool.open(dir, SpoolCrashChild.settings())) {
            long previous = 0;
            for (SealedBatch b : spool.pending()) {
                assertTrue(b.seq() > previous, "seqs increase");
                previous = b.seq();
                String body = new String(b.body(), StandardCharsets.US_ASCII);
                String[] known = batches.put(b.seq(), new String[] {b.channel(), body});
                if (known != null) {
                    assertEquals(known[1], body, "seq " + b.seq() + " changed its bytes");
                }
            }
            assertTrue(batches.isEmpty() || spool.stats().nextSeq() > batches.lastKey(),
                    "the high-water mark is above every seq ever used");
            for (String[] b : batches.values()) {
                streams.computeIfAbsent(b[0], c -> new StringBuilder()).append(b[1]);
            }
            for (String channel : spool.channels()) {
                streams.computeIfAbsent(channel, c -> new StringBuilder())
                        .append(new String(spool.openBytes(channel), StandardCharsets.US_ASCII));
            }
        }
        List<Long> all = new ArrayList<>();
        for (Map.Entry<String, StringBuilder> e : streams.entrySet()) {
            long prev = -1;
            if (e.getValue().length() == 0) {
                continue; // a channel whose first append was cut by the kill
            }
            for (String token : e.getValue().toString().replace("\n", "").split(";")) {
                assertTrue(token.matches("t[0-9]+"), "whole tokens only: '" + token + "'");
                long i = Long.parseLong(token.substring(1));
                assertTrue(i > prev, "in order on " + e.getKey() + ": " + i + " after " + prev);
                assertEquals(SpoolCrashChild.channelOf(i), e.getKey());
                prev = i;
                all.add(i);
            }
        }
        all.sort(null);
        for (int k = 0; k < all.size(); k++) {
            assertEquals(k, all.get(k), "every append exactly once, none missing");
        }
        long highest = all.size() - 1;
        assertTrue(highest >= lastReported, "reported append " + lastReported + " lost; have up to " + highest);
        assertTrue(highest <= lastReported + 1, "more than the one unreported in-flight append: have up to "
                + highest + ", reported " + lastReported);
        return highest;
    }
}
