package io.bufferhub.hub.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

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
        HikariConfig cfg = new HikariConfig();
        cfg.setPoolName("bufferhub-db");
        cfg.setJdbcUrl(url);
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
            throw e;
        }
        return db;
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
        var result = Flyway.configure()
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

    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    /**
     * True when the failure means "cannot store now" (database down, overloaded or locked) rather than a
     * bug: the device should retry later.
     */
    public static boolean isUnavailable(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
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

    @Override
    public void close() {
        dataSource.close();
    }
}
