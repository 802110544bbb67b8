package io.bufferhub.hub.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RateLimiterTest {

    @Test
    void allowsTheBurstThenAsksToWaitPerDevice() {
        RateLimiter limiter = new RateLimiter(0.5, 3);
        for (int i = 0; i < 3; i++) {
            assertEquals(0, limiter.acquire("A"));
        }
        long wait = limiter.acquire("A");
        assertTrue(wait >= 1 && wait <= 2, "wait " + wait);
        assertEquals(0, limiter.acquire("B"), "another device has its own bucket");
    }

    @Test
    void theDefaultsLetABacklogDrainThrough() {
        RateLimiter limiter = new RateLimiter(RateLimiter.DEFAULT_PER_SECOND, RateLimiter.DEFAULT_BURST);
        for (int i = 0; i < 5000; i++) {
            assertEquals(0, limiter.acquire("A"), "request " + i);
        }
    }

    @Test
    void zeroRateMeansUnlimited() {
        RateLimiter limiter = new RateLimiter(0, 1);
        for (int i = 0; i < 1000; i++) {
            assertEquals(0, limiter.acquire("A"));
        }
    }
}
