package io.bufferhub.hub.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;

import io.bufferhub.hub.support.HubTestBase;
import io.bufferhub.hub.support.TestDatabases;
import org.junit.jupiter.api.Test;

/**
 * The external-database example (routes/integrations/external-sql.camel.yaml, kamelet jdbc-sink): parsed records
 * reach another database through the user's own statement, and a repeated delivery adds nothing.
 */
class ExternalSqlIT extends HubTestBase {

    private final String url = externalDatabase();

    @Override
    protected TestDatabases.Kind kind() {
        return TestDatabases.Kind.H2;
    }

    @Override
    protected Map<String, String> settings() {
        Map<String, String> s = new HashMap<>(super.settings());
        s.put("integrations.externalSql.enabled", "true");
        s.put("integrations.externalSql.url", url);
        s.put("integrations.externalSql.backoffMs", "200");
        return s;
    }

    private static String externalDatabase() {
        try {
            Path dir = Files.createTempDirectory("external-sql-");
            String url = "jdbc:h2:file:" + dir.resolve("calls") + ";USER=report;PASSWORD=report-pw";
            try (Connection c = DriverManager.getConnection(url)) {
                c.createStatement().execute("CREATE TABLE call_log (serial VARCHAR(64), seq BIGINT, line_no INT,"
                        + " call_start BIGINT, duration_s INT, extension VARCHAR(64), dialled VARCHAR(64),"
                        + " PRIMARY KEY (serial, seq, line_no))");
            }
            return url;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void recordsReachTheExternalDatabaseOnce() throws Exception {
        String serial = newDevice();
        String line = "2026/11/21 10:27:44,00:01:10,3,4688,O,4207,4207,,0,10004688,0,E4688,Joe,T9001,Line 1,0,0";
        byte[] body = (line + "\r\n" + line.replace("4688", "4689") + "\r\ngarbage\r\n").getBytes(StandardCharsets.US_ASCII);
        assertEquals(201, client.push(serial, SECRET, 1, body).status());
        awaitRows(serial, 3);
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement ps = c.prepareStatement("SELECT extension, duration_s FROM call_log WHERE serial = ?"
                     + " AND line_no = 1")) {
            ps.setString(1, serial);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertEquals("4688", rs.getString(1));
                assertEquals(70, rs.getInt(2));
            }
        }
        try (Connection c = DriverManager.getConnection(hub.jdbc().url(), hub.jdbc().user(), hub.jdbc().password());
             PreparedStatement ps = c.prepareStatement("UPDATE outbox SET state = 'pending', next_at = 0"
                     + " WHERE sink = 'external-sql' AND serial = ?")) {
            ps.setString(1, serial);
            assertEquals(1, ps.executeUpdate(), "delivered once, now repeated as after a crash");
        }
        long deadline = System.currentTimeMillis() + 15_000;
        while (hub.count("SELECT COUNT(*) FROM outbox WHERE sink = 'external-sql' AND serial = ? AND attempts = 2"
                + " AND state = 'done'", serial) == 0) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("the repeated delivery did not run");
            }
            Thread.sleep(100);
        }
        assertEquals(3, rows(serial), "the upsert statement makes a repeat harmless");
    }

    private void awaitRows(String serial, int n) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (rows(serial) < n && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(n, rows(serial));
    }

    private long rows(String serial) throws Exception {
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM call_log WHERE serial = ?")) {
            ps.setString(1, serial);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
