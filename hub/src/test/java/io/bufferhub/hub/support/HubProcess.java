package io.bufferhub.hub.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import io.bufferhub.common.Json;
import io.bufferhub.sim.push.HubClient;

/**
 * A real hub in a CHILD JVM ({@code io.bufferhub.hub.HubMain}), so that a test can {@code kill -9} it and start
 * it again on the same data dir and database. Settings are those of {@link TestHub#defaults} plus overrides,
 * given as {@code -D} system properties; the hub's console output goes to {@code hub-<n>.log} in the data dir.
 * Plain HTTP only.
 */
public final class HubProcess implements AutoCloseable {

    private static final AtomicInteger STARTS = new AtomicInteger();
    private static final long START_TIMEOUT_MS = 90_000;

    private final Process process;
    private final Path dataDir;
    private final TestDatabases.Jdbc jdbc;
    private final Map<String, String> settings;
    private final Path log;
    private final JsonNode info;
    private final HubClient client;

    private HubProcess(Process process, Path dataDir, TestDatabases.Jdbc jdbc, Map<String, String> settings, Path log,
            JsonNode info) {
        this.process = process;
        this.dataDir = dataDir;
        this.jdbc = jdbc;
        this.settings = settings;
        this.log = log;
        this.info = info;
        this.client = new HubClient(info.get("url").asText(), java.util.Set.of());
    }

    /** Starts a hub JVM and waits until it has written a fresh {@code hub.json}. */
    public static HubProcess start(TestDatabases.Jdbc jdbc, Path dataDir, Map<String, String> settings)
            throws Exception {
        Properties p = TestHub.defaults(jdbc, dataDir);
        p.putAll(settings);
        Path home = TestHub.home();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx384m");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        for (String key : p.stringPropertyNames()) {
            cmd.add("-D" + key + "=" + p.getProperty(key));
        }
        cmd.add("-Dbufferhub.home=" + home);
        cmd.add("-Dlog4j2.configurationFile=" + home.resolve("config/log4j2.xml"));
        cmd.add("io.bufferhub.hub.HubMain");

        Path infoFile = dataDir.resolve("hub.json");
        Files.deleteIfExists(infoFile); // a stale one from a killed hub must not be taken for this start
        Path log = dataDir.resolve("hub-" + STARTS.incrementAndGet() + ".log");
        Process proc = new ProcessBuilder(cmd).directory(dataDir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            JsonNode info = awaitInfo(proc, infoFile, log);
            return new HubProcess(proc, dataDir, jdbc, Map.copyOf(settings), log, info);
        } catch (Exception | Error e) {
            proc.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw e;
        }
    }

    private static JsonNode awaitInfo(Process proc, Path file, Path log) throws Exception {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            if (Files.exists(file)) {
                JsonNode info = Json.MAPPER.readTree(file.toFile());
                if (info.get("pid").asLong() != proc.pid()) {
                    throw new IllegalStateException("hub.json names pid " + info.get("pid") + ", started " + proc.pid());
                }
                return info;
            }
            if (!proc.isAlive()) {
                throw new IllegalStateException("hub JVM exited with " + proc.exitValue() + " before it was ready:\n"
                        + tail(log));
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("hub JVM not ready within " + START_TIMEOUT_MS + " ms:\n" + tail(log));
    }

    /** A new hub JVM on the same data dir, database and settings (this one must be gone). */
    public HubProcess restart() throws Exception {
        if (process.isAlive()) {
            throw new IllegalStateException("hub " + process.pid() + " still runs; kill9() or close() it first");
        }
        return start(jdbc, dataDir, settings);
    }

    /** SIGKILL: no shutdown hook, no graceful stop, open transactions die with the process. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("hub " + process.pid() + " survived SIGKILL for 30 s");
        }
    }

    /** Graceful stop (SIGTERM, camel-main shuts down), SIGKILL if that takes over 30 s. */
    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            kill9();
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
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

    public Path dataDir() {
        return dataDir;
    }

    public Path log() {
        return log;
    }

    public TestDatabases.Jdbc jdbc() {
        return jdbc;
    }

    /** Registers a device; fails the test when the hub refuses. */
    public void register(String serial, String secret) throws Exception {
        HubClient.Answer a = client.putDevice(TestHub.ADMIN_TOKEN, serial, "Test " + serial, secret, "test");
        if (a.status() != 201 && a.status() != 200) {
            throw new AssertionError("registering " + serial + " failed: " + a);
        }
    }

    /**
     * Runs a query straight on the database and returns every row. For an H2 file database only while no hub
     * holds it (the file is locked by the hub JVM).
     */
    public static List<Object[]> query(TestDatabases.Jdbc jdbc, String sql, Object... args) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(jdbc.url(), jdbc.user(), jdbc.password());
             PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    Object[] row = new Object[n];
                    for (int i = 0; i < n; i++) {
                        row[i] = rs.getObject(i + 1);
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    /** The last lines of a hub log, for failure messages. */
    public static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
