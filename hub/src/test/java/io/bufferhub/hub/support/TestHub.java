package io.bufferhub.hub.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.bufferhub.common.Json;
import io.bufferhub.hub.HubMain;
import io.bufferhub.sim.push.HubClient;
import org.apache.camel.main.Main;

/**
 * A real hub started in-process on a random port (camel-main, YAML routes from {@code routes/hub}), on a
 * fresh H2 or PostgreSQL database. Plain HTTP on loopback unless TLS is asked for.
 */
public final class TestHub implements AutoCloseable {

    public static final String ADMIN_TOKEN = "test-admin-token-0123456789";

    private final Main main;
    private final Path dataDir;
    private final TestDatabases.Jdbc jdbc;
    private final HubClient client;
    private final JsonNode info;

    private TestHub(Main main, Path dataDir, TestDatabases.Jdbc jdbc, JsonNode info, HubClient client) {
        this.main = main;
        this.dataDir = dataDir;
        this.jdbc = jdbc;
        this.info = info;
        this.client = client;
    }

    public static TestHub start(TestDatabases.Kind kind) throws Exception {
        return start(kind, Map.of());
    }

    /** Starts a hub; {@code settings} override test defaults (e.g. {@code bufferhub.tls=true}). */
    public static TestHub start(TestDatabases.Kind kind, Map<String, String> settings) throws Exception {
        Path dataDir = Files.createTempDirectory("bufferhub-test-");
        return start(TestDatabases.fresh(kind, dataDir), dataDir, settings);
    }

    public static TestHub start(TestDatabases.Jdbc jdbc, Path dataDir, Map<String, String> settings) throws Exception {
        Properties p = defaults(jdbc, dataDir);
        p.putAll(settings);
        Main main = HubMain.create(home(), p);
        main.start();
        JsonNode info = awaitInfo(dataDir.resolve("hub.json"), Duration.ofSeconds(30));
        boolean tls = Boolean.parseBoolean(p.getProperty("bufferhub.tls"));
        Set<String> pins = tls ? Set.of(info.get("fingerprint").asText()) : Set.of();
        return new TestHub(main, dataDir, jdbc, info, new HubClient(info.get("url").asText(), pins));
    }

    /** The settings every test hub gets: loopback, random port, fast hashing, generous rate limit. */
    public static Properties defaults(TestDatabases.Jdbc jdbc, Path dataDir) {
        Properties p = new Properties();
        p.setProperty("bufferhub.http.host", "127.0.0.1");
        p.setProperty("bufferhub.http.port", "0");
        p.setProperty("bufferhub.tls", "false");
        p.setProperty("bufferhub.data.dir", dataDir.toString());
        p.setProperty("bufferhub.admin.token", ADMIN_TOKEN);
        p.setProperty("bufferhub.db.url", jdbc.url());
        p.setProperty("bufferhub.db.user", jdbc.user());
        p.setProperty("bufferhub.db.password", jdbc.password());
        p.setProperty("bufferhub.auth.pbkdf2Iterations", "1000");
        p.setProperty("bufferhub.db.connectTimeoutMs", "1000");
        return p;
    }

    public static Path home() {
        return Path.of(System.getProperty("bufferhub.home", "..")).toAbsolutePath().normalize();
    }

    static JsonNode awaitInfo(Path file, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                return Json.MAPPER.readTree(file.toFile());
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("hub did not start within " + timeout + " (no " + file + ")");
    }

    /** A bean of the running hub (e.g. its ping registry), for assertions black-box answers cannot make. */
    public <T> T bean(String name, Class<T> type) {
        return main.getCamelContext().getRegistry().lookupByNameAndType(name, type);
    }

    /** The running hub's Camel context, e.g. to read a route's endpoint options. */
    public org.apache.camel.CamelContext camel() {
        return main.getCamelContext();
    }

    public HubClient client() {
        return client;
    }

    public int port() {
        return info.get("port").asInt();
    }

    public String url() {
        return info.get("url").asText();
    }

    public String fingerprint() {
        return info.get("fingerprint").asText();
    }

    public Path dataDir() {
        return dataDir;
    }

    public TestDatabases.Jdbc jdbc() {
        return jdbc;
    }

    /** Registers a device; fails the test when the hub refuses. */
    public void register(String serial, String secret) throws Exception {
        HubClient.Answer a = client.putDevice(ADMIN_TOKEN, serial, "Test " + serial, secret, "test");
        if (a.status() != 201 && a.status() != 200) {
            throw new AssertionError("registering " + serial + " failed: " + a);
        }
    }

    /** Runs a counting query straight on the hub's database, e.g. to prove exactly one copy. */
    public long count(String sql, Object... args) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbc.url(), jdbc.user(), jdbc.password());
             PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Runs a changing statement straight on the hub's database (e.g. to age rows); returns the update count. */
    public int execute(String sql, Object... args) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbc.url(), jdbc.user(), jdbc.password());
             PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        }
    }

    @Override
    public void close() throws Exception {
        main.stop();
    }
}
