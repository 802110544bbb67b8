package io.bufferhub.sim.bench;

import java.io.IOException;
import java.nio.file.Path;

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

    static BenchDatabase create(String kind, Path runDir) throws IOException {
        return switch (kind) {
            case BenchOptions.H2 -> h2(runDir);
            case BenchOptions.POSTGRESQL -> postgresql();
            default -> throw new IllegalArgumentException("unknown database " + kind);
        };
    }

    /** Same settings as the hub's default H2 database: a file, a lock timeout instead of instant failures. */
    private static BenchDatabase h2(Path runDir) {
        String url = "jdbc:h2:file:" + runDir.resolve("db").resolve("bench").toAbsolutePath() + ";LOCK_TIMEOUT=10000";
        return new Simple(BenchOptions.H2, url, "sa", "", () -> { });
    }

    private static BenchDatabase postgresql() throws IOException {
        EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
        return new Simple(BenchOptions.POSTGRESQL, pg.getJdbcUrl("postgres", "postgres"), "postgres", "postgres",
                pg::close);
    }

    /** What a closer must do: nothing for H2 (the directory goes with the run), stop the server for PostgreSQL. */
    @FunctionalInterface
    interface Closer {
        void close() throws IOException;
    }

    record Simple(String kind, String url, String user, String password, Closer closer) implements BenchDatabase {
        @Override
        public void close() throws IOException {
            closer.close();
        }
    }
}
