package io.bufferhub.hub.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.bufferhub.hub.store.Database;
import org.apache.camel.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outbox retention, run by the {@code outbox-housekeeping} timer route on every hub node (concurrent runs only
 * delete the same rows). Deletes {@code done} rows delivered more than {@code keepDoneHours} ago, a bounded chunk
 * per transaction so no lock is held for long, until none is left. Dead letters, pending and retired rows are never
 * deleted. Once a batch has no outbox row left at all, its {@code file_delivery} journal entry and
 * {@code alert_evaluated} marker go too: both only serve a delivery of that batch that may still be retried, and no
 * new outbox row is ever written for a stored batch (a re-sent batch is a duplicate of the kept {@code batch} row).
 */
public final class OutboxHousekeeping {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxHousekeeping.class);

    private final OutboxStore store;
    private final long keepDoneMs;
    private final int chunk;

    /**
     * @param keepDoneHours how long delivered rows are kept; 0 keeps them forever
     * @param chunk         rows deleted per statement (and transaction)
     */
    public OutboxHousekeeping(OutboxStore store, long keepDoneHours, int chunk) {
        if (keepDoneHours < 0 || chunk < 1) {
            throw new IllegalArgumentException("integrations.outbox.keepDoneHours must be >= 0 (0 = keep forever)"
                    + " and integrations.outbox.pruneChunk >= 1");
        }
        this.store = store;
        this.keepDoneMs = keepDoneHours * 3_600_000L;
        this.chunk = chunk;
    }

    /** One housekeeping pass; returns what it did (also logged when it did something). */
    @Handler
    public Map<String, Object> run() {
        Map<String, Object> result = new LinkedHashMap<>();
        try {
            result.put("retiredStragglers", store.retireStragglers());
            result.put("prunedDone", keepDoneMs == 0 ? 0L : prune(System.currentTimeMillis() - keepDoneMs));
        } catch (SQLException e) {
            // the next pass retries; nothing half-done matters, every chunk is its own transaction
            LOG.warn("outbox housekeeping failed, next pass retries: {}", e.toString());
            result.put("error", e.toString());
            return result;
        }
        if (!result.get("prunedDone").equals(0L) || !result.get("retiredStragglers").equals(0)) {
            LOG.info("outbox housekeeping: {}", result);
        }
        return result;
    }

    /** Deletes done rows last changed before {@code cutoff} (epoch ms), chunk by chunk; returns how many. */
    public long prune(long cutoff) throws SQLException {
        Database db = store.database();
        long total = 0;
        while (true) {
            Chunk chunkDone = db.transaction(c -> pruneChunk(c, cutoff));
            total += chunkDone.deleted();
            // after the delete committed: when two nodes delete rows of one batch at once, the later of the two
            // sees both deletions here, so the batch's journal and marker never outlive its last row
            if (!chunkDone.batches().isEmpty()) {
                db.transaction(c -> {
                    forgetBatches(c, "file_delivery", chunkDone.batches());
                    forgetBatches(c, "alert_evaluated", chunkDone.batches());
                    return null;
                });
            }
            if (chunkDone.selected() < chunk) {
                return total;
            }
        }
    }

    /** One chunk: rows selected (fewer than a chunk = nothing left), rows deleted, the batches they belonged to. */
    private record Chunk(int selected, int deleted, Collection<BatchRef> batches) {
    }

    /** A stored batch (its outbox rows, journal and marker are keyed by it). */
    private record BatchRef(String serial, long seq) {
    }

    private Chunk pruneChunk(Connection c, long cutoff) throws SQLException {
        // ids sorted so that two nodes pruning at once lock rows in the same order (no deadlock)
        Set<Long> ids = new TreeSet<>();
        Set<BatchRef> batches = new LinkedHashSet<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, serial, seq FROM outbox WHERE state = 'done' AND updated_at < ? LIMIT ?")) {
            ps.setLong(1, cutoff);
            ps.setInt(2, chunk);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                    long seq = rs.getLong(3);
                    if (!rs.wasNull()) { // a batch's row (alert rows have no seq)
                        batches.add(new BatchRef(rs.getString(2), seq));
                    }
                }
            }
        }
        int deleted = 0;
        if (!ids.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM outbox WHERE id = ? AND state = 'done'")) {
                for (long id : ids) {
                    ps.setLong(1, id);
                    ps.addBatch();
                }
                for (int n : ps.executeBatch()) {
                    deleted += Math.max(n, 0);
                }
            }
        }
        return new Chunk(ids.size(), deleted, batches);
    }

    /** Removes {@code table}'s rows of the batches that have no outbox row left (pending, dead, retired or done). */
    private static void forgetBatches(Connection c, String table, Collection<BatchRef> batches) throws SQLException {
        if (batches.isEmpty()) {
            return;
        }
        // table is one of two constants above, never input
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE serial = ? AND seq = ?"
                + " AND NOT EXISTS (SELECT 1 FROM outbox WHERE serial = ? AND seq = ?)")) {
            for (BatchRef b : batches) {
                ps.setString(1, b.serial());
                ps.setLong(2, b.seq());
                ps.setString(3, b.serial());
                ps.setLong(4, b.seq());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
