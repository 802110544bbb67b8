package io.bufferhub.hub.http;

import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per device: {@code perSecond} requests on average, bursts up to {@code burst}. It is there for a
 * runaway client, not for the protocol's own traffic: a device pushes one batch at a time and waits for its commit
 * (PROTOCOL.md §3), so even a backlog drain on loopback stays below the defaults (about 250 pushes/s on PostgreSQL,
 * 90/s on H2 on a 2-core test machine; BacklogDrain*IT pushes 1,000 back to back under them).
 */
public final class RateLimiter {

    public static final double DEFAULT_PER_SECOND = 1000;
    public static final double DEFAULT_BURST = 5000;

    private final double perSecond;
    private final double burst;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long updatedNanos;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updatedNanos = now;
        }
    }

    public RateLimiter(double perSecond, double burst) {
        this.perSecond = perSecond;
        this.burst = Math.max(1, burst);
    }

    /** Takes a token; returns 0 when allowed, otherwise the whole seconds to wait (≥ 1). */
    public long acquire(String key) {
        if (perSecond <= 0) {
            return 0;
        }
        long now = System.nanoTime();
        Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
        synchronized (b) {
            b.tokens = Math.min(burst, b.tokens + (now - b.updatedNanos) / 1e9 * perSecond);
            b.updatedNanos = now;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - b.tokens) / perSecond));
        }
    }
}
