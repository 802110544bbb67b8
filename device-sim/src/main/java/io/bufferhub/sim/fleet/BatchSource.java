package io.bufferhub.sim.fleet;

/**
 * Where a simulated device gets the bytes of its next batch. Called once per new seq; a retry re-sends the
 * bytes it got, never asks again (a seq is never reused for other bytes, PROTOCOL.md §3).
 */
@FunctionalInterface
public interface BatchSource {

    byte[] next();

    /**
     * Cycles through bodies made in advance, starting at {@code offset}: the benchmark's way of keeping the
     * client's CPU for sending. The same bytes under different seqs are separate batches to the hub.
     */
    static BatchSource cycling(java.util.List<byte[]> bodies, int offset) {
        int[] next = {Math.floorMod(offset, bodies.size())};
        return () -> {
            byte[] b = bodies.get(next[0]);
            next[0] = (next[0] + 1) % bodies.size();
            return b;
        };
    }
}
