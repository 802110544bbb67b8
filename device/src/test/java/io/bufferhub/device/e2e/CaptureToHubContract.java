package io.bufferhub.device.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.bufferhub.device.support.Agent;
import io.bufferhub.device.support.Socat;
import io.bufferhub.hub.support.HubTestBase;
import io.bufferhub.sim.net.LoopbackProxy;
import io.bufferhub.sim.pbx.PbxEmulator;
import io.bufferhub.sim.pbx.PbxFormat;
import io.bufferhub.sim.pbx.PbxOutput;
import org.junit.jupiter.api.Test;

/**
 * End to end: PBX emulator → serial pty or TCP → device agent (YAML routes, durable spool, push) → hub →
 * database. Every generated line must be stored exactly once, byte-identical and in order, through faults.
 */
abstract class CaptureToHubContract extends HubTestBase {

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    Map<String, String> agentSettings(String serial, Path dir, String hubUrl) {
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
    byte[] stored(String serial, String channel) throws Exception {
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
    void awaitExactly(String serial, String channel, byte[] expected, Duration timeout) throws Exception {
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

    @Test
    void tcpCaptureThroughHubOutagesAndCutsStoresEveryLineOnce() throws Exception {
        String serial = newDevice();
        Path dir = Files.createTempDirectory("e2e-tcp-");
        int port = freePort();
        try (LoopbackProxy net = new LoopbackProxy("127.0.0.1", hub.port())) {
            Map<String, String> s = agentSettings(serial, dir, "http://127.0.0.1:" + net.port());
            s.put("capture.main.tcp", "listen:" + port);
            try (Agent agent = Agent.configure(dir, s).startInProcess();
                 PbxEmulator pbx = new PbxEmulator(PbxFormat.AVAYA, 11, PbxOutput.connectTo("127.0.0.1", port))) {
                awaitListening(port);
                pbx.writeLines(100);
                net.refuse(true); // hub unreachable for a while
                net.cutAll();
                pbx.writeLines(100);
                Thread.sleep(1500);
                net.refuse(false);
                net.cutAfterUpstreamBytes(2000); // every push now dies mid-body …
                pbx.writeLines(100);
                Thread.sleep(1500);
                net.cutAfterUpstreamBytes(-1); // … until the network heals
                pbx.writeLines(100);
                awaitExactly(serial, "main", pbx.written(), Duration.ofSeconds(60));
            }
        }
    }

    @Test
    void serialCaptureSurvivesUnplugAndReplug() throws Exception {
        Socat.assumeInstalled();
        String serial = newDevice();
        Path dir = Files.createTempDirectory("e2e-serial-");
        try (Socat cable = new Socat(dir).plug()) {
            Map<String, String> s = agentSettings(serial, dir, hub.url());
            s.put("capture.main.port", cable.agentEnd().toString());
            s.put("capture.main.baud", "115200");
            try (Agent agent = Agent.configure(dir, s).startInProcess();
                 PbxEmulator pbx = new PbxEmulator(PbxFormat.MITEL, 12, PbxOutput.serial(cable.pbxEnd()))) {
                Thread.sleep(500); // the agent opens the port
                pbx.writeLines(120);
                awaitExactly(serial, "main", pbx.written(), Duration.ofSeconds(30));
                cable.unplug();
                Thread.sleep(1500);
                cable.plug();
                Thread.sleep(2500); // the agent reopens after its backoff
                try (PbxEmulator again = new PbxEmulator(PbxFormat.MITEL, 13, PbxOutput.serial(cable.pbxEnd()))) {
                    again.writeLines(80);
                    ByteArrayOutputStream both = new ByteArrayOutputStream();
                    both.write(pbx.written());
                    both.write(again.written());
                    awaitExactly(serial, "main", both.toByteArray(), Duration.ofSeconds(30));
                }
            }
        }
    }

    static void awaitListening(int port) throws Exception {
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
