package io.bufferhub.device.heartbeat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.JsonNode;
import io.bufferhub.device.push.Backoff;
import io.bufferhub.device.push.HubConnection;

/**
 * The hub answered, but not with what the request needed (a status other than the expected one). Distinct from a
 * plain {@link IOException} (no answer at all), because the caller reacts differently: a {@code 404} for a payload
 * will not heal by retrying, a {@code 503} says when to come back ({@link #retryAfterMs()}).
 */
public class HubAnswerException extends IOException {

    private final int status;
    private final long retryAfterMs;
    private final String detail;

    public HubAnswerException(String what, int status, String detail, long retryAfterMs) {
        super(what + ": hub answered " + status + (detail == null ? "" : " (" + detail + ")"));
        this.status = status;
        this.detail = detail;
        this.retryAfterMs = retryAfterMs;
    }

    /** From an unexpected answer: the problem's {@code detail} (or title, or body start) and its Retry-After. */
    public static HubAnswerException of(String what, HubConnection.Response r) {
        return new HubAnswerException(what, r.status(), detail(r), retryAfterMs(r));
    }

    public int status() {
        return status;
    }

    /** The wait the hub asked for ({@code Retry-After} of a 429/503), -1 when it asked for none. */
    public long retryAfterMs() {
        return retryAfterMs;
    }

    public String detail() {
        return detail;
    }

    /** Retry-After in ms against the answer's own {@code Date} (both the hub's clock); -1 without one. */
    static long retryAfterMs(HubConnection.Response r) {
        long now = System.currentTimeMillis();
        String date = r.header("date");
        if (date != null) {
            try {
                now = ZonedDateTime.parse(date.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
            } catch (DateTimeParseException ignored) {
                // the local clock will do
            }
        }
        return Backoff.retryAfterMs(r.header("retry-after"), now);
    }

    static String detail(HubConnection.Response r) {
        JsonNode json = r.json();
        if (json != null && json.hasNonNull("detail")) {
            return json.get("detail").asText();
        }
        if (json != null && json.hasNonNull("title")) {
            return json.get("title").asText();
        }
        String text = new String(r.body(), StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? null : text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
