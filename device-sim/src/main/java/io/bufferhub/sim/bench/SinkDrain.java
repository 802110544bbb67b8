package io.bufferhub.sim.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.bufferhub.common.Json;
import io.bufferhub.sim.push.HubClient;

/**
 * Watches the hub's outbox through {@code GET /admin/sinks} after a load until no sink has anything pending: how
 * long the fan-out needed beyond the ingest. Through the operator API rather than JDBC so that it works the same
 * on H2, whose file the hub holds open.
 *
 * <p>The counts of the sinks are read one after the other, so an alert raised by {@code alert-rules} just after
 * {@code alert-mail} was read would be missed by one reading; the outbox counts as drained when two readings in a
 * row find nothing pending, and the drain time is that of the first of them.
 */
final class SinkDrain {

    private static final long POLL_MS = 250;
    private static final long PROGRESS_MS = 5_000;

    /** One sink's counters as the operator API gives them. */
    record Sink(String name, long pending, long done, long dead) {
    }

    /**
     * The outcome: seconds from the end of the load until nothing was pending (NaN when the timeout came first),
     * per sink the seconds until its own pending count first read 0, and the counters at the end.
     */
    record Result(double seconds, Map<String, Double> perSinkSeconds, List<Sink> sinks) {
        boolean drained() {
            return !Double.isNaN(seconds);
        }

        long dead() {
            return sinks.stream().mapToLong(Sink::dead).sum();
        }
    }

    private SinkDrain() {
    }

    /** The sinks and their counters now, from {@code GET /admin/sinks}. */
    static List<Sink> read(HubClient client, String adminToken) throws IOException, InterruptedException {
        HubClient.Answer a = client.admin(adminToken, "GET", "/admin/sinks", null);
        if (a.status() != 200) {
            throw new IOException("GET /admin/sinks: HTTP " + a.status() + " " + a.body());
        }
        return parse(a.body());
    }

    @SuppressWarnings("unchecked")
    private static List<Sink> parse(String json) {
        List<Sink> sinks = new ArrayList<>();
        for (Object o : (List<Object>) Json.readObject(json.getBytes(StandardCharsets.UTF_8)).get("sinks")) {
            Map<String, Object> s = (Map<String, Object>) o;
            sinks.add(new Sink((String) s.get("name"), number(s.get("pending")), number(s.get("done")),
                    number(s.get("dead"))));
        }
        return sinks;
    }

    private static long number(Object n) {
        return n == null ? 0 : ((Number) n).longValue();
    }

    /**
     * Reads the counters every {@value #POLL_MS} ms until two readings in a row show nothing pending, or
     * {@code timeoutSeconds} after {@code loadEndNanos}; prints the pending counts every few seconds.
     */
    static Result await(String label, HubClient client, String adminToken, long loadEndNanos, long timeoutSeconds,
                        PrintStream out) throws IOException, InterruptedException {
        Map<String, Double> perSink = new LinkedHashMap<>();
        long deadline = loadEndNanos + timeoutSeconds * 1_000_000_000L;
        long firstEmpty = -1;
        long lastProgress = System.nanoTime();
        while (true) {
            long now = System.nanoTime();
            List<Sink> sinks = read(client, adminToken);
            boolean empty = true;
            for (Sink s : sinks) {
                if (s.pending() == 0) {
                    perSink.putIfAbsent(s.name(), (now - loadEndNanos) / 1e9);
                } else {
                    perSink.remove(s.name()); // pending again (alerts raised after it had emptied)
                    empty = false;
                }
            }
            if (empty && firstEmpty >= 0) {
                return new Result((firstEmpty - loadEndNanos) / 1e9, perSink, sinks);
            }
            firstEmpty = empty ? now : -1;
            if (now > deadline) {
                out.printf(Locale.ROOT, "[%s] outbox not drained %d s after the load%n", label, timeoutSeconds);
                return new Result(Double.NaN, perSink, sinks);
            }
            if (now - lastProgress >= PROGRESS_MS * 1_000_000L) {
                lastProgress = now;
                StringBuilder sb = new StringBuilder();
                sinks.forEach(s -> sb.append(String.format(Locale.ROOT, "  %s %,d", s.name(), s.pending())));
                out.printf(Locale.ROOT, "[%s] draining, %.0f s after the load; pending:%s%n", label,
                        (now - loadEndNanos) / 1e9, sb);
            }
            Thread.sleep(POLL_MS);
        }
    }
}
