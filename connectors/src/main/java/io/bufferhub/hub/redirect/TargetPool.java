package io.bufferhub.hub.redirect;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.bufferhub.common.ContentDigest;

/**
 * The targets of one rule and how one of them is picked for a request (PROTOCOL.md §6). A {@code "to"} rule is a
 * pool of one. Round-robin and weighted keep a little state per compiled rule on this hub node (it starts again
 * when the rule list changes); hash keeps none, which is what makes it agree on every node and after a restart.
 */
final class TargetPool {

    private final List<String> targets;
    private final Spread spread;
    private final int[] weights;
    private final AtomicLong turn = new AtomicLong();
    /** Smooth weighted round-robin credit per target; guarded by {@code this}. */
    private final long[] credit;

    /** {@code weights} is null unless {@code spread} is {@link Spread#WEIGHTED}; the caller validated it. */
    TargetPool(List<String> targets, Spread spread, int[] weights) {
        this.targets = List.copyOf(targets);
        this.spread = spread;
        this.weights = weights == null ? null : weights.clone();
        this.credit = weights == null ? null : new long[weights.length];
    }

    List<String> targets() {
        return targets;
    }

    /** The target base URL for one request of the device {@code serial}. */
    String pick(String serial) {
        if (targets.size() == 1) {
            return targets.get(0);
        }
        return switch (spread) {
            case ROUND_ROBIN -> targets.get((int) Math.floorMod(turn.getAndIncrement(), (long) targets.size()));
            case HASH -> rendezvous(serial);
            case WEIGHTED -> targets.get(nextWeighted());
        };
    }

    /**
     * Rendezvous (highest random weight) hashing: each target scores SHA-256 of (serial, target URL), the highest
     * score wins. Only the serial and the URLs go in — no per-JVM seed as in {@code String.hashCode} of a hash map —
     * so every node and every restart agrees, and reordering the pool moves nobody. Adding or removing a target
     * moves only the devices that win or lose that target (hash mod pool size would move most of the fleet).
     */
    private String rendezvous(String serial) {
        String best = null;
        long bestScore = 0;
        for (String target : targets) {
            long score = score(serial, target);
            int cmp = best == null ? 1 : Long.compareUnsigned(score, bestScore);
            if (cmp > 0 || (cmp == 0 && target.compareTo(best) < 0)) {
                best = target;
                bestScore = score;
            }
        }
        return best;
    }

    static long score(String serial, String target) {
        byte[] digest = ContentDigest.sha256((serial + '\n' + target).getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.wrap(digest, 0, Long.BYTES).getLong();
    }

    /**
     * Smooth weighted round-robin (the nginx algorithm): deterministic, and over every {@code sum(weights)} picks
     * each target gets exactly its weight, interleaved ({@code [3, 1]} gives a, a, b, a rather than a, a, a, b).
     * The lock is held for a loop over the pool, a few nanoseconds.
     */
    private synchronized int nextWeighted() {
        long total = 0;
        int best = 0;
        for (int i = 0; i < weights.length; i++) {
            credit[i] += weights[i];
            total += weights[i];
            if (credit[i] > credit[best]) {
                best = i;
            }
        }
        credit[best] -= total;
        return best;
    }
}
