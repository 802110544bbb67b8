package io.bufferhub.device.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Retry-After in both RFC 9110 forms, the backoff ceiling, and the settings a pusher refuses to start with. */
class PushBackoffTest {

    @Test
    void retryAfterInSecondsOrAsHttpDate() {
        long now = Instant.parse("2026-01-05T10:00:00Z").toEpochMilli();
        assertEquals(7000, Backoff.retryAfterMs("7", now));
        assertEquals(0, Backoff.retryAfterMs("0", now));
        assertEquals(90_000, Backoff.retryAfterMs("Mon, 05 Jan 2026 10:01:30 GMT", now));
        assertEquals(0, Backoff.retryAfterMs("Mon, 05 Jan 2026 09:00:00 GMT", now), "a date in the past: at once");
        assertEquals(-1, Backoff.retryAfterMs("soon", now));
        assertEquals(-1, Backoff.retryAfterMs(null, now));
        assertEquals(-1, Backoff.retryAfterMs("-5", now));
        assertEquals(Backoff.MAX_RETRY_AFTER_MS, Backoff.retryAfterMs("99999999999999999999", now));
    }

    @Test
    void ceilingDoublesFromOneSecondToTheCap() {
        Backoff b = new Backoff(300_000, () -> 0.5);
        assertEquals(1000, b.ceilingMs(1));
        assertEquals(2000, b.ceilingMs(2));
        assertEquals(256_000, b.ceilingMs(9));
        assertEquals(300_000, b.ceilingMs(10));
        assertEquals(300_000, b.ceilingMs(1_000_000));
        assertEquals(750, b.nextDelayMs(), "the middle of [ceiling/2, ceiling]");
        assertEquals(1500, b.nextDelayMs());
        b.reset();
        assertEquals(750, b.nextDelayMs());
    }

    @Test
    void jitterKeepsEachWaitBetweenHalfTheCeilingAndTheCeiling() {
        Backoff low = new Backoff(300_000, () -> 0.0);
        Backoff high = new Backoff(300_000, () -> 0.9999999999);
        for (int n = 1; n <= 12; n++) {
            long ceiling = low.ceilingMs(n);
            assertEquals(ceiling / 2, low.nextDelayMs(), "failure " + n + ": never sooner than half the ceiling");
            assertEquals(ceiling, high.nextDelayMs(), "failure " + n);
        }
        assertEquals(500, new Backoff(300_000, () -> 0.0).nextDelayMs(), "the first retry: at least 0.5 s");
        Backoff capped = new Backoff(60_000, () -> 0.0);
        for (int n = 1; n <= 10; n++) {
            capped.nextDelayMs();
        }
        assertEquals(30_000, capped.nextDelayMs(), "at the cap: [cap/2, cap]");
        assertThrows(IllegalArgumentException.class, () -> new Backoff(999));
    }

    @Test
    void settingsAreCheckedUpFront() {
        assertThrows(IllegalArgumentException.class,
                () -> PushSettings.of("bad serial", "x", null, "https://hub/bpp/v1", Set.of()));
        assertThrows(IllegalArgumentException.class,
                () -> PushSettings.of("S1", "x", null, "/bpp/v1", Set.of()));
        assertThrows(IllegalArgumentException.class,
                () -> PushSettings.of("S1", "x", "n".repeat(129), "https://hub/bpp/v1", Set.of()));
        assertEquals("https://hub/bpp/v1", PushSettings.of("S1", "x", null, "https://hub/bpp/v1/", Set.of()).mainUrl());
        assertEquals(false, PushSettings.of("S1", "hunter2", null, "https://hub/bpp/v1", Set.of()).toString().contains("hunter2"));
        assertEquals(60_000, PushSettings.of("S1", "x", null, "https://hub/bpp/v1", Set.of()).withBackoffCap(60_000)
                .backoffCapMs());
        assertThrows(IllegalArgumentException.class,
                () -> PushSettings.of("S1", "x", null, "https://hub/bpp/v1", Set.of()).withBackoffCap(500));
        assertThrows(IllegalArgumentException.class,
                () -> new OutgoingBatch(0, null, new byte[1], null, null, null, null));
        assertThrows(IllegalArgumentException.class,
                () -> new OutgoingBatch(1, null, new byte[0], null, null, null, null));
    }
}
