package io.bufferhub.sim.fleet;

import java.util.concurrent.atomic.LongAdder;

/**
 * Live totals of a fleet, updated by every device thread and read at any time (a snapshot is consistent per
 * counter, not across counters).
 */
public final class FleetCounters {

    /**
     * @param created      pushes answered {@code 201}
     * @param duplicates   pushes answered {@code 200 duplicate:true}: the deliberate re-sends, plus any proper
     *                     push the hub had already stored (an answer lost on the way back)
     * @param acknowledged distinct batches acknowledged ({@code 201}, or {@code 200} for a batch not yet seen)
     * @param lines        SMDR lines in the acknowledged batches
     * @param retries      re-sends of a batch after a failed attempt
     * @param cuts         connections deliberately cut while the body was on the wire
     * @param errors       failed attempts (IOException, or an answer other than 200/201) and wrong answers to
     *                     deliberate duplicates
     * @param quarantined  batches given up on after 409/413/415/422 (PROTOCOL.md §3)
     * @param lastError    the latest error, for the operator's eye; null when none
     */
    public record Snapshot(long created, long duplicates, long acknowledged, long lines, long retries, long cuts,
                           long errors, long quarantined, String lastError) {
    }

    final LongAdder created = new LongAdder();
    final LongAdder duplicates = new LongAdder();
    final LongAdder acknowledged = new LongAdder();
    final LongAdder lines = new LongAdder();
    final LongAdder retries = new LongAdder();
    final LongAdder cuts = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder quarantined = new LongAdder();
    private volatile String lastError;

    void error(String what) {
        errors.increment();
        lastError = what;
    }

    public Snapshot snapshot() {
        return new Snapshot(created.sum(), duplicates.sum(), acknowledged.sum(), lines.sum(), retries.sum(),
                cuts.sum(), errors.sum(), quarantined.sum(), lastError);
    }
}
