package io.bufferhub.device.agent;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Properties;

/**
 * An installed {@code config} or {@code firmware} update on probation (PROTOCOL.md §5): it must check in
 * within {@code rollbackAfterMs} of its first start or the supervisor puts the previous one back. The state is
 * a few small files in the agent's work directory, moved atomically, so that the agent confirming and the
 * supervisor rolling back can never both win:
 * <ul>
 *   <li>{@code trial.properties} — on probation; the supervisor stamps the first start;</li>
 *   <li>{@code trial.confirmed} — the agent checked in (renamed by the agent); removed once {@code applied} is reported;</li>
 *   <li>{@code trial.rollback} — the supervisor claimed it (renamed) and is restoring the previous one;</li>
 *   <li>{@code trial.outcome} — the rollback is done; the agent reports {@code failed} and removes it.</li>
 * </ul>
 */
public record UpdateTrial(String kind, String id, String version, long rollbackAfterMs, long firstStart) {

    /** A final state to report for an update that ended while the agent was not running. */
    public record Outcome(String id, String state, String detail) {
    }

    private static final String PENDING = "trial.properties";
    private static final String CONFIRMED = "trial.confirmed";
    private static final String ROLLBACK = "trial.rollback";
    private static final String OUTCOME = "trial.outcome";

    /** True once the probation is over without a check-in. */
    public boolean expired(long now) {
        return firstStart > 0 && now - firstStart >= rollbackAfterMs;
    }

    public UpdateTrial startedAt(long now) {
        return new UpdateTrial(kind, id, version, rollbackAfterMs, now);
    }

    /** Puts this update on probation (before the swap, so a crash mid-swap is still rolled back). */
    public void begin(Path work) throws IOException {
        store(work.resolve(PENDING), props("kind", kind, "id", id, "version", version,
                "rollbackAfterMs", Long.toString(rollbackAfterMs), "firstStart", Long.toString(firstStart)));
    }

    public static Optional<UpdateTrial> pending(Path work) throws IOException {
        return read(work.resolve(PENDING));
    }

    /** The agent checked in: takes the trial off probation unless the supervisor claimed it first. */
    public static Optional<UpdateTrial> confirm(Path work) throws IOException {
        moveIfPresent(work.resolve(PENDING), work.resolve(CONFIRMED)); // or confirmed earlier, report not sent yet
        return read(work.resolve(CONFIRMED));
    }

    /** {@code applied} was reported for the confirmed trial. */
    public static void confirmReported(Path work) throws IOException {
        Files.deleteIfExists(work.resolve(CONFIRMED));
    }

    /** The supervisor's claim: true when the trial was still on probation (the agent did not confirm it). */
    public static boolean claimRollback(Path work) throws IOException {
        return moveIfPresent(work.resolve(PENDING), work.resolve(ROLLBACK));
    }

    /** A claimed rollback, if the supervisor stopped before finishing it. */
    public static Optional<UpdateTrial> claimed(Path work) throws IOException {
        return read(work.resolve(ROLLBACK));
    }

    /** Records the rollback's result for the agent to report and ends the claim. */
    public static void rolledBack(Path work, Outcome outcome) throws IOException {
        store(work.resolve(OUTCOME), props("id", outcome.id(), "state", outcome.state(), "detail", outcome.detail()));
        Files.deleteIfExists(work.resolve(ROLLBACK));
    }

    public static Optional<Outcome> outcome(Path work) throws IOException {
        Path file = work.resolve(OUTCOME);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties p = load(file);
        return Optional.of(new Outcome(p.getProperty("id"), p.getProperty("state"), p.getProperty("detail")));
    }

    public static void outcomeReported(Path work) throws IOException {
        Files.deleteIfExists(work.resolve(OUTCOME));
    }

    private static Optional<UpdateTrial> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties p = load(file);
        return Optional.of(new UpdateTrial(p.getProperty("kind"), p.getProperty("id"), p.getProperty("version"),
                Long.parseLong(p.getProperty("rollbackAfterMs", "600000")), Long.parseLong(p.getProperty("firstStart", "0"))));
    }

    private static boolean moveIfPresent(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (NoSuchFileException gone) {
            return false;
        }
    }

    private static Properties props(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1] == null ? "" : kv[i + 1]);
        }
        return p;
    }

    private static Properties load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }

    /** Written beside and moved into place, and forced to disk: this file decides what runs after a power cut. */
    private static void store(Path file, Properties p) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(w, "bufferhub update on probation");
        }
        try (var ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
