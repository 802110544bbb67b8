package io.bufferhub.device.push;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import io.bufferhub.common.ContentDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes sealed batches to the hub (PROTOCOL.md §3) and tells the caller what to do with each: delete it
 * (STORED), move it aside (QUARANTINE) or keep it and try again later (RETRY, with the wait). The pusher never
 * decides for the caller's buffer; it only classifies the answer, so that a batch is deleted only after
 * {@code 201}/{@code 200} and never blocks the queue because of a bad batch.
 *
 * <p>One instance per device, shared by its threads; {@link #close()} closes its connection. Redirects, pinning
 * and the clock offset are the {@link HubConnection}'s business; the consecutive-failure count that drives the
 * backoff is this pusher's.
 *
 * <p>Capture times arrive on the device's own clock (the spool keeps them so, since it measures batch age on that
 * clock) and are stamped here with the hub clock offset of the latest exchange ({@link #clockOffsetMs()},
 * PROTOCOL.md §2) when the {@code X-Captured-From/To} headers are written. Before the first answer since start
 * the offset is 0, so the local clock is sent as it is.
 */
public final class HubPusher implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(HubPusher.class);

    private final PushSettings settings;
    private final HubConnection connection;
    private final Backoff backoff;

    public HubPusher(PushSettings settings) {
        this(new HubConnection(settings), new Backoff(settings.backoffCapMs()));
    }

    /** Shares a connection (and so its redirected base and clock offset) with other kinds of requests. */
    public HubPusher(HubConnection connection) {
        this(connection, new Backoff(connection.settings().backoffCapMs()));
    }

    HubPusher(HubConnection connection, Backoff backoff) {
        this.settings = connection.settings();
        this.connection = connection;
        this.backoff = backoff;
    }

    /**
     * Sends one batch: {@code POST {base}/devices/{serial}/batches/{seq}} with {@code Expect: 100-continue}, so a
     * hub that redirects or refuses does it before the body is sent. Blocks up to the request timeout per hop.
     * Never throws for what the network or the hub does: every outcome is a {@link PushResult}.
     */
    public PushResult push(OutgoingBatch b) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/octet-stream");
        h.put(ContentDigest.HEADER, ContentDigest.headerFor(b.body()));
        if (b.channel() != null) {
            h.put("X-Channel", b.channel());
        }
        long offset = connection.clockOffsetMs(); // one value for both ends of the batch
        if (b.capturedFrom() != null) {
            h.put("X-Captured-From", Instant.ofEpochMilli(b.capturedFrom() + offset).toString());
        }
        if (b.capturedTo() != null) {
            h.put("X-Captured-To", Instant.ofEpochMilli(b.capturedTo() + offset).toString());
        }
        if (b.lostBytes() != null) {
            h.put("X-Lost-Bytes", Long.toString(b.lostBytes()));
        }
        if (b.bufferUsedPercent() != null) {
            h.put("X-Buffer-Used", Integer.toString(b.bufferUsedPercent()));
        }
        String path = "/devices/" + settings.serial() + "/batches/" + b.seq();
        HubConnection.Response r;
        try {
            r = connection.exchange("POST", path, h, b.body(), true);
        } catch (IOException e) {
            long wait = backoff.nextDelayMs();
            LOG.info("batch {}: not sent ({}); retry in {} ms", b.seq(), e.toString(), wait);
            return PushResult.retry(0, wait, e.toString());
        }
        return classify(b.seq(), r);
    }

    private PushResult classify(long seq, HubConnection.Response r) {
        int status = r.status();
        JsonNode json = r.json();
        switch (status) {
            case 201, 200 -> {
                backoff.reset();
                long records = json != null && json.has("records") ? json.get("records").asLong() : 0;
                boolean duplicate = status == 200 || json != null && json.path("duplicate").asBoolean(false);
                return PushResult.stored(status, records, duplicate);
            }
            case 409, 413, 415, 422 -> {
                backoff.reset(); // the hub is reachable; only this batch is bad
                String detail = detail(r, json);
                LOG.warn("batch {}: refused by the hub with {} ({}): quarantine it", seq, status, detail);
                return PushResult.quarantine(status, detail);
            }
            case 429, 503 -> {
                long wait = backoff.nextDelayMs();
                long asked = Backoff.retryAfterMs(r.header("retry-after"), serverNow(r));
                wait = asked >= 0 ? asked : wait;
                LOG.info("batch {}: hub busy ({}); retry in {} ms", seq, status, wait);
                return PushResult.retry(status, wait, detail(r, json));
            }
            default -> {
                long wait = backoff.nextDelayMs();
                String detail = detail(r, json);
                if (status == 401 || status == 403) {
                    // a config update may bring the right secret: keep the batch and keep trying
                    LOG.warn("batch {}: credentials refused by the hub ({}: {}); retry in {} ms", seq, status, detail,
                            wait);
                } else {
                    LOG.info("batch {}: hub answered {} ({}); retry in {} ms", seq, status, detail, wait);
                }
                return PushResult.retry(status, wait, detail);
            }
        }
    }

    /** The hub's clock now: the answer's {@code Date}, else the local clock corrected by the known offset. */
    private long serverNow(HubConnection.Response r) {
        long date = Backoff.httpDateMs(r.header("date"));
        return date >= 0 ? date : settings.clock().millis() + connection.clockOffsetMs();
    }

    private static String detail(HubConnection.Response r, JsonNode json) {
        if (json != null && json.hasNonNull("detail")) {
            return json.get("detail").asText();
        }
        if (json != null && json.hasNonNull("title")) {
            return json.get("title").asText();
        }
        String text = new String(r.body(), StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? "HTTP " + r.status() : text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }

    public HubConnection connection() {
        return connection;
    }

    public String currentBase() {
        return connection.currentBase();
    }

    /** The agent persists the new base in its configuration from here (PROTOCOL.md §6, {@code 308}). */
    public void onPermanentRedirect(Consumer<String> listener) {
        connection.onPermanentRedirect(listener);
    }

    public long clockOffsetMs() {
        return connection.clockOffsetMs();
    }

    public String lastRefusedFingerprint() {
        return connection.lastRefusedFingerprint();
    }

    /** Consecutive failed pushes (the backoff exponent); 0 after a success. */
    public int consecutiveFailures() {
        return backoff.consecutiveFailures();
    }

    @Override
    public void close() {
        connection.close();
    }
}
