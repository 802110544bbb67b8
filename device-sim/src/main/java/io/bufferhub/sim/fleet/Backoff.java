package io.bufferhub.sim.fleet;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;

/**
 * How long a device waits before it tries a failed push again (PROTOCOL.md §2): at least the hub's
 * {@code Retry-After} when there is one, otherwise exponential from the initial wait, doubling per failure in
 * a row up to the cap, with jitter so that a fleet cut off together does not come back together.
 */
public final class Backoff {

    private final long initialMs;
    private final long capMs;

    public Backoff(long initialMs, long capMs) {
        if (initialMs < 1 || capMs < initialMs) {
            throw new IllegalArgumentException("backoff needs 1 <= initial <= cap, got " + initialMs + " / " + capMs);
        }
        this.initialMs = initialMs;
        this.capMs = capMs;
    }

    /**
     * @param failures     failed attempts in a row, at least 1
     * @param retryAfterMs the hub's Retry-After in milliseconds, or a negative number when it sent none
     */
    public long delayMs(int failures, long retryAfterMs, SplittableRandom rnd) {
        if (retryAfterMs >= 0) {
            // at least what the hub asked, plus up to a tenth more to spread the fleet out
            return retryAfterMs + rnd.nextLong(retryAfterMs / 10 + 1);
        }
        long base = initialMs;
        for (int i = 1; i < failures && base < capMs; i++) {
            base = base > capMs / 2 ? capMs : base * 2;
        }
        // "equal jitter": half fixed, half random, so a wait never shrinks below half its step
        return base / 2 + rnd.nextLong(base - base / 2 + 1);
    }

    /**
     * A {@code Retry-After} value in milliseconds: delta-seconds or an HTTP date (RFC 9110 §10.2.3); negative
     * when absent or unreadable.
     */
    public static long retryAfterMs(String header, long nowMs) {
        if (header == null || header.isBlank()) {
            return -1;
        }
        String v = header.trim();
        try {
            return Math.max(0, Long.parseLong(v)) * 1000;
        } catch (NumberFormatException notSeconds) {
            try {
                long at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
                return Math.max(0, at - nowMs);
            } catch (DateTimeParseException notDate) {
                return -1;
            }
        }
    }
}
