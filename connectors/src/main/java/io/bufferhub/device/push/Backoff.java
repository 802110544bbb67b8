package io.bufferhub.device.push;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;

/**
 * When to try again after a failure (PROTOCOL.md §2): exponential backoff with jitter — a uniformly random wait
 * in [ceiling/2, ceiling], where the ceiling starts at 1 s and doubles with each consecutive failure up to a
 * configured cap (5 minutes by default). The jitter spreads a fleet of devices that all lost the hub at the same
 * moment, so they do not come back in lock-step, while keeping each wait near the doubling schedule (the first
 * retry waits 0.5–1 s, never "at once"). Thread-safe: one instance per device and kind of request.
 */
public final class Backoff {

    static final long FIRST_MS = 1000;
    /** A longer Retry-After (a misconfigured hub) is cut to this, so a device never stalls for days. */
    static final long MAX_RETRY_AFTER_MS = 86_400_000L;

    private final long capMs;
    private final DoubleSupplier random;
    private final AtomicInteger failures = new AtomicInteger();

    public Backoff(long capMs) {
        this(capMs, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** @param random values in [0, 1); tests pass a fixed one to see the ceiling */
    Backoff(long capMs, DoubleSupplier random) {
        if (capMs < FIRST_MS) {
            throw new IllegalArgumentException("backoff cap: at least " + FIRST_MS + " ms, got " + capMs);
        }
        this.capMs = capMs;
        this.random = random;
    }

    /** Counts one more failure and returns the wait before the next attempt, in [ceiling/2, ceiling]. */
    public long nextDelayMs() {
        long ceiling = ceilingMs(failures.incrementAndGet());
        long half = ceiling / 2;
        return Math.min(ceiling, half + (long) (random.getAsDouble() * (ceiling - half + 1)));
    }

    /** The upper bound of the wait after {@code n} consecutive failures. */
    public long ceilingMs(int n) {
        int doublings = Math.max(0, Math.min(n - 1, 40));
        return Math.min(capMs, FIRST_MS << doublings);
    }

    /** A success: the next failure starts again at 1 s. */
    public void reset() {
        failures.set(0);
    }

    public int consecutiveFailures() {
        return failures.get();
    }

    /**
     * The wait a {@code Retry-After} header asks for: delay-seconds or an HTTP-date (RFC 9110 §10.2.3), the
     * latter against {@code serverNowMs} (the answer's own {@code Date}, so both times are the hub's clock).
     *
     * @return milliseconds, 0 … {@link #MAX_RETRY_AFTER_MS}; -1 when the header is missing or malformed
     */
    public static long retryAfterMs(String header, long serverNowMs) {
        if (header == null || header.isBlank()) {
            return -1;
        }
        String v = header.trim();
        if (v.chars().allMatch(Character::isDigit)) {
            try {
                return Math.min(MAX_RETRY_AFTER_MS, Math.multiplyExact(Long.parseLong(v), 1000L));
            } catch (ArithmeticException | NumberFormatException e) {
                return MAX_RETRY_AFTER_MS;
            }
        }
        long at = httpDateMs(v);
        return at < 0 ? -1 : Math.min(MAX_RETRY_AFTER_MS, Math.max(0, at - serverNowMs));
    }

    /** Epoch ms of an IMF-fixdate (RFC 9110 §5.6.7), -1 when it is not one. */
    static long httpDateMs(String v) {
        if (v == null) {
            return -1;
        }
        try {
            return ZonedDateTime.parse(v.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return -1;
        }
    }
}
