package io.bufferhub.device.heartbeat;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.bufferhub.device.push.Backoff;
import io.bufferhub.device.push.HubConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device side of the heartbeat long-poll (PROTOCOL.md §4): one ping held by the hub at a time, so the hub can
 * reach a device that only makes outbound connections, within a second of publishing an update.
 *
 * <p>Each ping is {@code POST {base}/devices/{serial}/ping} with {@code {"heartbeat": H}} and a request timeout
 * of {@code H + 30 s}, {@code H} from the {@link AdaptiveHeartbeat}. What each answer does:
 * <ul>
 * <li>{@code no-change} — the idle connection survived {@code H}: a success for the adaptive heartbeat;</li>
 * <li>{@code changed} — the {@link Listener} gets the updates (the agent checks in and works through them), then the
 * next ping goes at once. It does not count for the heartbeat: it came early and proves nothing about {@code H}.
 * The hub answers {@code changed} at once for as long as an update is pending, so when two {@code changed} answers
 * in a row list the same updates the next ping waits, 1 s doubling up to {@code H} — no busy loop while the agent
 * is still busy with an update;</li>
 * <li>{@code superseded} — another ping of this serial is held now (two agents with one serial?): wait the same way;</li>
 * <li>{@code 400} with {@code minHeartbeat}/{@code maxHeartbeat} — adopt the hub's bounds and ping again;</li>
 * <li>no answer within {@code H + 30 s} — the network dropped the idle connection: a timeout for the adaptive
 * heartbeat, and the next ping goes at once with the new interval;</li>
 * <li>anything else (refused connection, reset, TLS failure, {@code 5xx}, {@code 401}) is not a firewall signal: it
 * is retried with exponential backoff, or after {@code Retry-After}.</li>
 * </ul>
 * The learned heartbeat is saved after each change. The loop runs on a thread of the executor given to
 * {@link #start}; {@link #stop} aborts the held request, so stopping takes milliseconds, not {@code H}.
 */
public final class HeartbeatClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatClient.class);
    public static final long DEFAULT_GRACE_MS = 30_000;

    /** Told of the updates a {@code changed} ping lists; runs on the ping thread, the next ping waits for it. */
    @FunctionalInterface
    public interface Listener {
        void changed(List<UpdateItem> updates) throws Exception;
    }

    public enum Kind { NO_CHANGE, CHANGED, SUPERSEDED, BOUNDS, TIMED_OUT, NETWORK_ERROR, HUB_ERROR, ABORTED }

    /** What one ping came to; {@code retryAfterMs} -1 unless the hub asked for a wait. */
    public record PingResult(Kind kind, int heartbeat, List<UpdateItem> updates, long elapsedMs, long retryAfterMs,
            String detail) {
    }

    private final HubConnection connection;
    private final AdaptiveHeartbeat heartbeat;
    private final Path stateFile;
    private final Listener listener;
    private final long graceMs;
    private final Backoff errors;
    private final Object sleeper = new Object();
    private HubConnection.Abort abort;          // of the current run, guarded by this
    private CountDownLatch finished;            // of the current run, guarded by this
    private Set<String> lastChangedIds = Set.of();
    private int pendingWaits;
    private volatile PingResult last;

    /**
     * @param stateFile where the learned heartbeat is saved after each change (load it before); null = not saved
     */
    public HeartbeatClient(HubConnection connection, AdaptiveHeartbeat heartbeat, Path stateFile, Listener listener) {
        this(connection, heartbeat, stateFile, listener, DEFAULT_GRACE_MS);
    }

    /** @param graceMs how long after {@code H} an answer still counts as in time (30 s; tests use less) */
    public HeartbeatClient(HubConnection connection, AdaptiveHeartbeat heartbeat, Path stateFile, Listener listener,
            long graceMs) {
        this.connection = connection;
        this.heartbeat = heartbeat;
        this.stateFile = stateFile;
        this.listener = listener;
        this.graceMs = graceMs;
        this.errors = new Backoff(connection.settings().backoffCapMs());
    }

    /** Starts the ping loop on a thread of {@code executor} (e.g. from Camel's ExecutorServiceManager). */
    public synchronized void start(ExecutorService executor) {
        if (finished != null && finished.getCount() > 0) {
            throw new IllegalStateException("heartbeat already running");
        }
        HubConnection.Abort a = new HubConnection.Abort();
        CountDownLatch done = new CountDownLatch(1);
        abort = a;
        finished = done;
        executor.execute(() -> loop(a, done));
    }

    /** Stops the loop: aborts a held ping and waits up to 5 s for the loop to end; true when it ended. */
    public boolean stop() {
        HubConnection.Abort a;
        CountDownLatch done;
        synchronized (this) {
            a = abort;
            done = finished;
        }
        if (a == null) {
            return true;
        }
        a.abort();
        synchronized (sleeper) {
            sleeper.notifyAll();
        }
        try {
            return done.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        stop();
    }

    public synchronized boolean running() {
        return finished != null && finished.getCount() > 0 && !abort.aborted();
    }

    public AdaptiveHeartbeat heartbeat() {
        return heartbeat;
    }

    /** The outcome of the latest ping, null before the first. */
    public PingResult lastResult() {
        return last;
    }

    /** One ping with the current interval; updates (and saves) the adaptive heartbeat. The listener is not called. */
    public PingResult pingOnce() {
        return ping(null);
    }

    private void loop(HubConnection.Abort a, CountDownLatch done) {
        LOG.info("heartbeat started at {} s", heartbeat.interval());
        try {
            while (!a.aborted()) {
                PingResult r = ping(a);
                last = r;
                long wait = react(r);
                if (r.kind() == Kind.ABORTED) {
                    break;
                }
                if (wait > 0) {
                    synchronized (sleeper) {
                        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(wait);
                        for (long left = wait; left > 0 && !a.aborted(); ) {
                            sleeper.wait(left);
                            left = TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime());
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            LOG.error("heartbeat loop failed", e);
        } finally {
            LOG.info("heartbeat stopped");
            done.countDown();
        }
    }

    /** What to do after a ping: call the listener, how long to wait before the next one. */
    private long react(PingResult r) {
        switch (r.kind()) {
            case NO_CHANGE, TIMED_OUT, ABORTED -> {
                errors.reset();
                lastChangedIds = Set.of();
                pendingWaits = 0;
                return 0;
            }
            case CHANGED -> {
                errors.reset();
                try {
                    listener.changed(r.updates());
                } catch (Exception e) {
                    LOG.error("update listener failed for {}", r.updates(), e);
                }
                Set<String> ids = new LinkedHashSet<>();
                r.updates().forEach(u -> ids.add(u.id()));
                boolean same = ids.equals(lastChangedIds);
                lastChangedIds = ids;
                if (!same) {
                    pendingWaits = 0;
                    return 0;
                }
                return pendingWait(r.heartbeat());
            }
            case SUPERSEDED -> {
                errors.reset();
                LOG.warn("ping superseded by another ping of {}: is another agent using this serial?",
                        connection.settings().serial());
                return pendingWait(r.heartbeat());
            }
            case BOUNDS -> {
                // the first retry goes at once with the new bounds; a hub that keeps refusing is not hammered
                long wait = errors.nextDelayMs();
                return errors.consecutiveFailures() == 1 ? 0 : wait;
            }
            default -> {
                long wait = errors.nextDelayMs();
                wait = r.retryAfterMs() >= 0 ? r.retryAfterMs() : wait;
                LOG.info("ping failed ({}: {}); next in {} ms", r.kind(), r.detail(), wait);
                return wait;
            }
        }
    }

    private long pendingWait(int h) {
        long cap = Math.max(1000, h * 1000L);
        long wait = Math.min(cap, 1000L << Math.min(pendingWaits, 30));
        pendingWaits++;
        return wait;
    }

    private PingResult ping(HubConnection.Abort a) {
        int h = heartbeat.interval();
        long timeoutMs = h * 1000L + graceMs;
        byte[] body = ("{\"heartbeat\":" + h + "}").getBytes(StandardCharsets.US_ASCII);
        String path = "/devices/" + connection.settings().serial() + "/ping";
        long t0 = System.nanoTime();
        HubConnection.Response r;
        try {
            r = connection.exchange("POST", path, Map.of("Content-Type", "application/json"), body, false,
                    (int) Math.min(Integer.MAX_VALUE, timeoutMs), a);
        } catch (IOException e) {
            long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            if (a != null && a.aborted()) {
                return new PingResult(Kind.ABORTED, h, List.of(), elapsed, -1, "stopped");
            }
            // only a request that really waited H + 30 s is a firewall signal; a connect timeout is not
            if (e instanceof SocketTimeoutException && elapsed >= timeoutMs - Math.min(1000, timeoutMs / 10)) {
                heartbeat.onTimedOut();
                save();
                LOG.warn("ping at {} s not answered within {} ms: idle connections get dropped; heartbeat now {} s",
                        h, timeoutMs, heartbeat.interval());
                return new PingResult(Kind.TIMED_OUT, h, List.of(), elapsed, -1, e.getMessage());
            }
            return new PingResult(Kind.NETWORK_ERROR, h, List.of(), elapsed, -1, e.toString());
        }
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        return classify(r, h, elapsed);
    }

    private PingResult classify(HubConnection.Response r, int h, long elapsed) {
        JsonNode json = r.json();
        if (r.status() == 200 && json != null) {
            String status = json.path("status").asText("");
            switch (status) {
                case "no-change" -> {
                    if (heartbeat.onAnswered()) {
                        save();
                        LOG.info("3 pings in a row answered at {} s: heartbeat raised to {} s", h, heartbeat.interval());
                    }
                    return new PingResult(Kind.NO_CHANGE, h, List.of(), elapsed, -1, null);
                }
                case "changed" -> {
                    try {
                        List<UpdateItem> updates = UpdateItem.listFrom(json.get("updates"));
                        return new PingResult(Kind.CHANGED, h, updates, elapsed, -1, null);
                    } catch (IllegalArgumentException e) {
                        return new PingResult(Kind.HUB_ERROR, h, List.of(), elapsed, -1, "malformed updates: "
                                + e.getMessage());
                    }
                }
                case "superseded" -> {
                    return new PingResult(Kind.SUPERSEDED, h, List.of(), elapsed, -1, null);
                }
                default -> {
                    return new PingResult(Kind.HUB_ERROR, h, List.of(), elapsed, -1, "unknown ping status '"
                            + status + "'");
                }
            }
        }
        if (r.status() == 400 && json != null && json.path("minHeartbeat").canConvertToInt()
                && json.path("maxHeartbeat").canConvertToInt()) {
            int min = json.get("minHeartbeat").asInt();
            int max = json.get("maxHeartbeat").asInt();
            try {
                heartbeat.bounds(min, max);
                save();
                LOG.info("hub heartbeat bounds are {} … {} s: heartbeat now {} s", min, max, heartbeat.interval());
                return new PingResult(Kind.BOUNDS, h, List.of(), elapsed, -1, min + " … " + max);
            } catch (IllegalArgumentException e) {
                return new PingResult(Kind.HUB_ERROR, h, List.of(), elapsed, -1, e.getMessage());
            }
        }
        return new PingResult(Kind.HUB_ERROR, h, List.of(), elapsed, HubAnswerException.retryAfterMs(r),
                "HTTP " + r.status() + ": " + HubAnswerException.detail(r));
    }

    private void save() {
        if (stateFile == null) {
            return;
        }
        try {
            heartbeat.save(stateFile);
        } catch (IOException e) {
            LOG.warn("learned heartbeat not saved to {}: {}", stateFile, e.toString());
        }
    }
}
