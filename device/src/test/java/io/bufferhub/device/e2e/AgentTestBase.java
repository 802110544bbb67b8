package io.bufferhub.device.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.bufferhub.hub.support.HubTestBase;

/** A real hub plus what end-to-end tests of device agents need: agent settings and the stored stream. */
abstract class AgentTestBase extends HubTestBase {



    protected Map<String, String> agentSettings(String serial, Path dir, String hubUrl) {
        Map<String, String> s = new HashMap<>();
        s.put("device.serial", serial);
        s.put("device.name", "E2E " + serial);
        s.put("device.secret", SECRET);
        s.put("device.mainUrl", hubUrl + "/bpp/v1");
        s.put("spool.dir", dir.resolve("spool").toString());
        s.put("batch.maxLines", "40");
        s.put("batch.maxAgeMs", "300");
        return s;
    }

    /** The bytes the hub stored for a device's channel, batches concatenated in seq order. */
    protected byte[] stored(String serial, String channel) throws Exception {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try (Connection c = DriverManager.getConnection(hub.jdbc().url(), hub.jdbc().user(), hub.jdbc().password());
             PreparedStatement ps = c.prepareStatement("SELECT body FROM batch WHERE serial = ? AND channel = ? ORDER BY seq")) {
            ps.setString(1, serial);
            ps.setString(2, channel);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    all.write(rs.getBytes(1));
                }
            }
        }
        return all.toByteArray();
    }

    /** Waits until the hub holds exactly what the PBX wrote; fails with the difference otherwise. */
    protected void awaitExactly(String serial, String channel, byte[] expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] got = stored(serial, channel);
        while (got.length < expected.length && System.nanoTime() < deadline) {
            Thread.sleep(200);
            got = stored(serial, channel);
        }
        assertEquals(expected.length, got.length, "bytes stored for " + serial);
        assertArrayEquals(expected, got, "stored stream is byte-identical and in order");
        assertEquals(0, hub.count("SELECT COUNT(*) FROM (SELECT seq FROM batch WHERE serial = ? GROUP BY seq"
                + " HAVING COUNT(*) > 1) d", serial), "no seq stored twice");
    }

    protected static void awaitListening(int port) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            try (java.net.Socket probe = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (java.io.IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("agent did not listen on " + port);
    }
}
