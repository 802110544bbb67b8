package io.bufferhub.sim.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A throw-away database for one benchmark run: an H2 file database in the run's directory, or a real
 * PostgreSQL server (binaries from Maven Central) started for the run and stopped with {@link #close()}.
 * The hub and the JDBC limit loop open the same database one after the other.
 */
public interface BenchDatabase extends AutoCloseable {

    /** {@link BenchOptions#H2} or {@link BenchOptions#POSTGRESQL}. */
    String kind();

    String url();

    String user();

    String password();

    @Override
    void close() throws IOException;

    /**
     * Another, empty database on the same server (PostgreSQL: {@code CREATE DATABASE name}) or in the same run
     * directory (H2), gone with this one. For runs compared with each other: same server, same settings, and
     * neither sees the other's rows or sink registrations.
     *
     * @param name lower-case letters, digits and {@code _}
     */
    BenchDatabase fresh(String name) throws IOException;

    static BenchDatabase create(String kind, Path runDir) throws IOException {
        return switch (kind) {
            case BenchOptions.H2 -> h2(runDir);
            case BenchOptions.POSTGRESQL -> postgresql();
            default -> throw new IllegalArgumentException("unknown database " + kind);
        };
    }

    /** Same settings as the hub's default H2 database: a file, a lock timeout instead of instant failures. */
    private static BenchDatabase h2(Path runDir) {
        return h2(runDir, "db");
    }

    private static BenchDatabase h2(Path runDir, String dir) {
        String url = "jdbc:h2:file:" + runDir.resolve(dir).resolve("bench").toAbsolutePath() + ";LOCK_TIMEOUT=10000";
        return new Simple(BenchOptions.H2, url, "sa", "", () -> { }, name -> h2(runDir, "db-" + checked(name)));
    }

    private static BenchDatabase postgresql() throws IOException {
        EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
        return postgresql(pg, "postgres", pg::close);
    }

    private static BenchDatabase postgresql(EmbeddedPostgres pg, String database, Closer closer) {
        return new Simple(BenchOptions.POSTGRESQL, pg.getJdbcUrl("postgres", database), "postgres", "postgres",
                closer, name -> {
                    try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
                        st.execute("CREATE DATABASE " + checked(name));
                    } catch (SQLException e) {
                        throw new IOException("creating database " + name + ": " + e.getMessage(), e);
                    }
                    return postgresql(pg, name, () -> { });
                });
    }

    private static String checked(String name) {
        if (!name.matches("[a-z][a-z0-9_]{0,40}")) {
            throw new IllegalArgumentException("database name: lower-case letters, digits and _, got '" + name + "'");
        }
        return name;
    }

    /** What a closer must do: nothing for H2 (the directory goes with the run), stop the server for PostgreSQL. */
    @FunctionalInterface
    public interface Closer {
        void close() throws IOException;
    }

    /** How {@link #fresh(String)} makes a sibling database. */
    @FunctionalInterface
    public interface Sibling {
        BenchDatabase create(String name) throws IOException;
    }

    /** A database as the hub and the benchmarks see it; {@code sibling} makes {@link #fresh(String)}. */
    public record Simple(String kind, String url, String user, String password, Closer closer, Sibling sibling)
            implements BenchDatabase {
        @Override
        public void close() throws IOException {
            closer.close();
        }

        @Override
        public BenchDatabase fresh(String name) throws IOException {
            return sibling.create(name);
        }
    }
}
