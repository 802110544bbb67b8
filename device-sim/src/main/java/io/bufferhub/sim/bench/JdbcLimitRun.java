package io.bufferhub.sim.bench;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import io.bufferhub.common.ContentDigest;
import io.bufferhub.hub.store.Database;
import io.bufferhub.hub.store.LineSplitter;

/**
 * What the database itself takes: the hub's storage work without HTTP, TLS, authentication or Camel. W
 * threads each loop over a share of fresh devices and store batches with the hub's transaction shape — look
 * the (serial, seq) key up, insert the batch row with its bytes, insert its lines as one JDBC batch, commit.
 * The database is opened with {@link Database#open} so the schema is the hub's, migrations included.
 */
final class JdbcLimitRun {

    /** A body made ready in advance: its lines and digest are not the database's work. */
    private record Prepared(byte[] body, List<String> lines, String digest) {
    }

    private JdbcLimitRun() {
    }

    static Measurement.Throughput run(String label, BenchDatabase db, BenchOptions options, List<byte[]> bodies,
                                      PrintStream out) throws SQLException, InterruptedException {
        List<Prepared> prepared = new ArrayList<>();
        for (byte[] b : bodies) {
            prepared.add(new Prepared(b, LineSplitter.split(b, StandardCharsets.US_ASCII),
                    ContentDigest.hex(ContentDigest.sha256(b))));
        }
        LongAdder rows = new LongAdder();
        LongAdder batches = new LongAdder();
        LongAdder errors = new LongAdder();
        String prefix = "LIMIT" + Long.toString(System.currentTimeMillis() % 1_000_000, 36).toUpperCase();
        try (Database database = Database.open(db.url(), db.user(), db.password(), options.writers() + 1, 10_000)) {
            List<String> serials = registerDevices(database, prefix, options.devices());
            List<Thread> writers = new ArrayList<>();
            Thread.UncaughtExceptionHandler report = (t, e) -> out.printf("[%s] %s died: %s%n", label, t.getName(), e);
            AtomicBoolean stop = new AtomicBoolean();
            for (int w = 0; w < options.writers(); w++) {
                List<String> mine = new ArrayList<>();
                for (int i = w; i < serials.size(); i += options.writers()) {
                    mine.add(serials.get(i));
                }
                int offset = w * 7;
                Thread t = new Thread(() -> write(database, mine, prepared, offset, rows, batches, errors, stop, out),
                        "limit-writer-" + (w + 1));
                t.setUncaughtExceptionHandler(report);
                t.start();
                writers.add(t);
            }
            try {
                return Measurement.run(label, new Measurement.Load() {
                    @Override
                    public long rows() {
                        return rows.sum();
                    }

                    @Override
                    public long batches() {
                        return batches.sum();
                    }

                    @Override
                    public long errors() {
                        return errors.sum();
                    }
                }, options.warmupSeconds(), options.seconds(), out);
            } finally {
                stop.set(true);
                for (Thread t : writers) {
                    t.join();
                }
            }
        }
    }

    /** Device rows as the operator API would make them, with a dummy secret hash (nobody logs in). */
    private static List<String> registerDevices(Database db, String prefix, int count) throws SQLException {
        List<String> serials = new ArrayList<>();
        long now = System.currentTimeMillis();
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO device (serial, name, group_name, enabled, secret_hash, created_at, updated_at)"
                        + " VALUES (?, ?, 'bench', TRUE, 'x', ?, ?)")) {
            for (int i = 1; i <= count; i++) {
                String serial = String.format("%s-%04d", prefix, i);
                ps.setString(1, serial);
                ps.setString(2, "JDBC limit " + i);
                ps.setLong(3, now);
                ps.setLong(4, now);
                ps.addBatch();
                serials.add(serial);
            }
            ps.executeBatch();
        }
        return serials;
    }

    private static void write(Database db, List<String> serials, List<Prepared> bodies, int offset, LongAdder rows,
                              LongAdder batches, LongAdder errors, AtomicBoolean stop, PrintStream out) {
        long[] nextSeq = new long[serials.size()];
        Arrays.fill(nextSeq, 1);
        for (long n = 0; !stop.get(); n++) {
            int d = (int) (n % serials.size());
            Prepared p = bodies.get((int) ((n + offset) % bodies.size()));
            try (Connection c = db.connection()) {
                store(c, serials.get(d), nextSeq[d], p);
                nextSeq[d]++;
                rows.add(p.lines().size());
                batches.increment();
            } catch (SQLException e) {
                if (errors.sum() == 0) {
                    out.println("first JDBC error: " + e);
                }
                errors.increment();
            }
        }
    }

    private static void store(Connection c, String serial, long seq, Prepared p) throws SQLException {
        c.setAutoCommit(false);
        try {
            try (PreparedStatement ps = c.prepareStatement("SELECT digest FROM batch WHERE serial = ? AND seq = ?")) {
                ps.setString(1, serial);
                ps.setLong(2, seq);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        throw new SQLException("key (" + serial + ", " + seq + ") already stored");
                    }
                }
            }
            long now = System.currentTimeMillis();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO batch (serial, seq, digest, channel, records,"
                    + " byte_count, content_type, received_at, body) VALUES (?, ?, ?, 'main', ?, ?, ?, ?, ?)")) {
                ps.setString(1, serial);
                ps.setLong(2, seq);
                ps.setString(3, p.digest());
                ps.setInt(4, p.lines().size());
                ps.setInt(5, p.body().length);
                ps.setString(6, "text/plain; charset=US-ASCII");
                ps.setLong(7, now);
                ps.setBytes(8, p.body());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO batch_record (serial, seq, line_no, channel,"
                    + " raw_line) VALUES (?, ?, ?, 'main', ?)")) {
                int lineNo = 1;
                for (String line : p.lines()) {
                    ps.setString(1, serial);
                    ps.setLong(2, seq);
                    ps.setInt(3, lineNo++);
                    ps.setString(4, line);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }
}
