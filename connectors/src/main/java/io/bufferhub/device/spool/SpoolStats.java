package io.bufferhub.device.spool;

/**
 * A snapshot of a spool's counters. {@code totalLostBytes} is durable (kept in {@code spool.state});
 * the other counters count since {@link Spool#open}.
 *
 * @param usedBytes      payload bytes in open and sealed (unacknowledged) batches
 * @param capacityBytes  the configured capacity
 * @param pending        sealed batches waiting to be acknowledged
 * @param nextSeq        the seq the next sealed batch will get
 * @param totalLostBytes bytes dropped because the spool was full, over the spool's life
 */
public record SpoolStats(long usedBytes, long capacityBytes, int pending, long nextSeq, long totalLostBytes,
        long appends, long sealed, long acknowledged, long quarantined) {
}
