package io.bufferhub.sim.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.bufferhub.sim.push.HubClient;
import io.bufferhub.sim.smdr.AvayaSmdrGenerator;

/**
 * The alert half of {@code bench fanout}: on a hub with the alert rules and mail on and nothing else to do, one
 * device pushes batches of one emergency call each (911 from a new extension every time, so each is an incident of
 * its own and no hold-off applies), paced so that the outbox never has a backlog, and each alert is timed from the
 * push's {@code 201} (the batch is stored) to the SMTP server's receipt of its mail, matched by the extension in
 * the subject.
 *
 * <p>The path has two outbox hops, {@code alert-rules} then {@code alert-mail}; each polls every 500 ms when idle
 * (the {@code delay} option of {@code outbox:}), so up to 1 s of the latency, 500 ms on average, is waiting for
 * a poll: the floor the figures are read against.
 */
final class AlertLatencyRun {

    /** Serial of the pushing device; the mail subject names it, which tells these mails from the load's. */
    static final String SERIAL = "FANOUT-ALERT";
    /** The outbox poll delay when idle, ms ({@code OutboxConfiguration} default), and the hops on the path. */
    static final long POLL_DELAY_MS = 500;
    static final int HOPS = 2;
    private static final String SECRET = "fanout-alert-secret";
    private static final int FIRST_EXTENSION = 5000;
    private static final long MAIL_WAIT_MS = 60_000;
    private static final Pattern EXTENSION = Pattern.compile("\\b" + SERIAL + "\\b.*\\bfrom extension (\\d+)\\b");

    /** p50/p99 in ms, alerts pushed and mails matched, pushes not answered 201, and the seconds the pushing took. */
    record Result(double p50Ms, double p99Ms, int pushed, int mailed, int failedPushes, double seconds) {
    }

    private AlertLatencyRun() {
    }

    static Result run(HubClient client, String adminToken, SmtpReceipts smtp, int alerts, int perSecond,
                      PrintStream out) throws IOException, InterruptedException {
        HubClient.Answer reg = client.putDevice(adminToken, SERIAL, "fan-out alert bench", SECRET, "bench");
        if (reg.status() != 200 && reg.status() != 201) {
            throw new IOException("registering " + SERIAL + ": HTTP " + reg.status() + " " + reg.body());
        }
        smtp.timeBy(subject -> {
            Matcher m = EXTENSION.matcher(subject);
            return m.find() ? m.group(1) : null;
        });
        out.printf(Locale.ROOT, "[alerts] pushing %d batches with one 911 call each, %d per second%n", alerts, perSecond);
        Map<String, Long> storedAt = new HashMap<>();
        int failed = 0;
        long intervalNanos = 1_000_000_000L / perSecond;
        long start = System.nanoTime();
        for (int i = 0; i < alerts; i++) {
            long due = start + i * intervalNanos;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            String extension = Integer.toString(FIRST_EXTENSION + i);
            HubClient.Answer a = client.push(SERIAL, SECRET, i + 1L, emergencyCall(extension));
            long answered = System.nanoTime();
            if (a.status() == 201) {
                storedAt.put(extension, answered);
            } else {
                failed++;
                out.printf("[alerts] push %d: HTTP %d %s%n", i + 1, a.status(), a.body());
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long waitUntil = System.nanoTime() + MAIL_WAIT_MS * 1_000_000L;
        while (mailed(smtp, storedAt) < storedAt.size() && System.nanoTime() < waitUntil) {
            Thread.sleep(50);
        }
        LatencyRecorder latency = new LatencyRecorder();
        latency.recording(true);
        storedAt.forEach((extension, at) -> {
            Long arrived = smtp.arrival(extension);
            if (arrived != null) {
                latency.record(arrived - at);
            }
        });
        return new Result(latency.percentileMs(50), latency.percentileMs(99), storedAt.size(), latency.count(), failed,
                seconds);
    }

    private static int mailed(SmtpReceipts smtp, Map<String, Long> storedAt) {
        int n = 0;
        for (String extension : storedAt.keySet()) {
            if (smtp.arrival(extension) != null) {
                n++;
            }
        }
        return n;
    }

    /**
     * One Avaya SMDR record (the 17 base fields): an outgoing call from {@code extension} to 911, started now, with
     * the extension as party 1 device, a call id made from it, and CR LF.
     */
    static byte[] emergencyCall(String extension) {
        String start = AvayaSmdrGenerator.CALL_START.format(LocalDateTime.now().withNano(0));
        String line = start + ",00:01:10,3," + extension + ",O,911,911,,0,1000" + extension + ",0,E" + extension
                + ",Bench,T9001,Line 1,0,0" + AvayaSmdrGenerator.LINE_END;
        return line.getBytes(StandardCharsets.US_ASCII);
    }
}
