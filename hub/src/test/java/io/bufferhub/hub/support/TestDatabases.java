package io.bufferhub.hub.support;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Real databases for tests: an H2 file database in a temp dir, or a fresh database on one embedded
 * PostgreSQL server (real binaries from Maven) shared by the whole test JVM.
 */
public final class TestDatabases {

    public enum Kind { H2, POSTGRESQL }

    /** A JDBC URL with its credentials. */
    public record Jdbc(String url, String user, String password) {
    }

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    private TestDatabases() {
    }

    public static synchronized EmbeddedPostgres sharedPostgres() throws IOException {
        if (postgres == null) {
            postgres = EmbeddedPostgres.builder().start();
            EmbeddedPostgres pg = postgres;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (IOException ignored) {
                    // the JVM is going away
                }
            }));
        }
        return postgres;
    }

    /** A new, empty database of the given kind. */
    public static Jdbc fresh(Kind kind, Path dir) throws IOException, SQLException {
        int n = COUNTER.incrementAndGet();
        if (kind == Kind.H2) {
            return new Jdbc("jdbc:h2:file:" + dir.resolve("h2-" + n).toAbsolutePath() + ";LOCK_TIMEOUT=10000", "", "");
        }
        return freshOn(sharedPostgres(), "hub_" + n);
    }

    public static Jdbc freshOn(EmbeddedPostgres pg, String name) throws SQLException {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        return new Jdbc(pg.getJdbcUrl("postgres", name), "postgres", "postgres");
    }
}
