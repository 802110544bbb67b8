package io.bufferhub.hub.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's database: a connection pool plus the schema, created and upgraded by Flyway from
 * {@code config/db/migration/<vendor>} (shipped on the classpath as {@code db/migration/<vendor>}).
 */
public final class Database implements AutoCloseable {

    public enum Dialect { H2, POSTGRESQL }

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource dataSource;
    private final Dialect dialect;

    private Database(HikariDataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    /** Opens a pool on {@code url} and migrates the schema. Fails fast when the database cannot be reached. */
    public static Database open(String url, String user, String password, int poolSize, long connectTimeoutMs) {
        Dialect dialect = dialectOf(url);
        registerDriver(dialect);
        HikariConfig cfg = new HikariConfig();
        cfg.setPoolName("bufferhub-db");
        cfg.setJdbcUrl(dialect == Dialect.H2 ? durableH2(url) : url);
        if (user != null && !user.isEmpty()) {
            cfg.setUsername(user);
        }
        if (password != null && !password.isEmpty()) {
            cfg.setPassword(password);
        }
        cfg.setMaximumPoolSize(poolSize);
        cfg.setMinimumIdle(Math.min(2, poolSize));
        cfg.setConnectionTimeout(Math.max(250, connectTimeoutMs));
        cfg.setValidationTimeout(Math.max(250, Math.min(connectTimeoutMs, 2000)));
        cfg.setAutoCommit(true);
        // start even if the database is down for a moment: requests then get 503 until it is back
        cfg.setInitializationFailTimeout(-1);
        if (dialect == Dialect.POSTGRESQL) {
            cfg.addDataSourceProperty("reWriteBatchedInserts", "true");
            cfg.addDataSourceProperty("tcpKeepAlive", "true");
        }
        HikariDataSource ds = new HikariDataSource(cfg);
        Database db = new Database(ds, dialect);
        try {
            db.migrate();
        } catch (RuntimeException e) {
            ds.close();
            throw explained(dialect, url, e);
        }
        return db;
    }

    /** H2's code for a database file held by another process (its file lock). */
    static final int H2_FILE_IN_USE = 90020;

    /**
     * A start failure as the operator should read it: a second hub on the default H2 file is told that H2
     * serves one hub node and that several nodes share PostgreSQL; anything else is returned unchanged.
     */
    static RuntimeException explained(Dialect dialect, String url, RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (dialect == Dialect.H2 && t instanceof SQLException sql && sql.getErrorCode() == H2_FILE_IN_USE) {
                return new IllegalStateException("The H2 database " + url + " is in use by another process (another"
                        + " hub?). The embedded H2 default serves one hub node only; to run several hub nodes, point"
                        + " them all at one PostgreSQL (bufferhub.db.url=jdbc:postgresql://...)", e);
            }
        }
        return e;
    }

    /**
     * Loads the JDBC driver from the class loader that loaded this jar, which registers it with DriverManager.
     * DriverManager finds drivers by the service loader only once, with whatever class loader is current then:
     * under Camel CLI ({@code camel run --dep=...}) this jar and its drivers sit in a class loader added later,
     * so without this the pool fails with "No suitable driver".
     */
    private static void registerDriver(Dialect dialect) {
        String driver = dialect == Dialect.H2 ? "org.h2.Driver" : "org.postgresql.Driver";
        try {
            Class.forName(driver, true, Database.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("JDBC driver " + driver + " is not on the classpath", e);
        }
    }

    /**
     * H2 writes committed changes to its file only after WRITE_DELAY (500 ms by default): a hub killed in that
     * window would lose batches it already acknowledged. Unless the URL sets it, commits are written at once.
     */
    static String durableH2(String url) {
        return url.toUpperCase(Locale.ROOT).contains("WRITE_DELAY") || url.startsWith("jdbc:h2:mem:")
                ? url : url + ";WRITE_DELAY=0";
    }

    public static Dialect dialectOf(String url) {
        if (url.startsWith("jdbc:h2:")) {
            return Dialect.H2;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return Dialect.POSTGRESQL;
        }
        throw new IllegalArgumentException("unsupported database URL (use jdbc:h2: or jdbc:postgresql:): " + url);
    }

    private void migrate() {
        String vendor = dialect == Dialect.H2 ? "h2" : "postgresql";
        // this jar's class loader, not the thread's: under Camel CLI the migrations sit in a class loader the
        // starting thread does not see, and Flyway would find none and leave the schema empty
        var result = Flyway.configure(Database.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration/" + vendor)
                .load()
                .migrate();
        LOG.info("Database schema at version {} ({} migrations applied)", result.targetSchemaVersion,
                result.migrationsExecuted);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Dialect dialect() {
        return dialect;
    }

    /** A pooled connection for callers that manage it themselves (the benchmark's plain JDBC loop). */
    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    /** Work done on one connection. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T transaction(SqlWork<T> work) throws SQLException {
        return withConnection(c -> {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            }
        });
    }

    /**
     * Runs {@code work} on a pooled connection. A connection that failed because the database went away is
     * evicted from the pool: HikariCP only recognises the standard SQLSTATEs, not H2's own codes, and would
     * otherwise hand the dead connection out again after the database is back.
     */
    public <T> T withConnection(SqlWork<T> work) throws SQLException {
        Connection c = dataSource.getConnection();
        boolean evicted = false;
        try {
            return work.run(c);
        } catch (SQLException e) {
            if (isUnavailable(e)) {
                dataSource.evictConnection(c); // closes it too
                evicted = true;
            }
            throw e;
        } finally {
            if (!evicted) {
                c.close();
            }
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is gone; the transaction died with it
        }
    }

    /**
     * True when the failure means "cannot store now" (database down, overloaded or locked) rather than a
     * bug: the device should retry later.
     */
    public static boolean isUnavailable(SQLException e) {
        for (Throwable t : related(e)) {
            if (t instanceof SQLTransientException || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException s && s.getSQLState() != null) {
                String state = s.getSQLState();
                if (state.startsWith("08") || state.startsWith("53") || state.startsWith("57")
                        || state.startsWith("40") || state.equals("HYT00") || state.equals("90067")
                        || state.equals("90098") || state.equals("90121")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The exception with its causes, chained SQL exceptions and suppressed ones (a failed batch hides its cause there). */
    private static List<Throwable> related(Throwable e) {
        List<Throwable> all = new ArrayList<>();
        ArrayDeque<Throwable> todo = new ArrayDeque<>(List.of(e));
        while (!todo.isEmpty() && all.size() < 50) {
            Throwable t = todo.pop();
            if (all.contains(t)) {
                continue;
            }
            all.add(t);
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
            if (t instanceof SQLException s && s.getNextException() != null) {
                todo.add(s.getNextException());
            }
            todo.addAll(List.of(t.getSuppressed()));
        }
        return all;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
