package io.bufferhub.device.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.bufferhub.device.support.Agent;
import io.bufferhub.sim.net.LoopbackProxy;
import io.bufferhub.sim.pbx.PbxEmulator;
import io.bufferhub.sim.pbx.PbxFormat;
import io.bufferhub.sim.pbx.PbxOutput;
import org.junit.jupiter.api.Test;

/** The agent killed with SIGKILL mid-stream, and a spool that fills up while the hub is away. */
abstract class AgentFaultsContract extends AgentTestBase {

    private static List<String> lines(byte[] bytes) {
        String s = new String(bytes, StandardCharsets.US_ASCII);
        return s.isEmpty() ? List.of() : Arrays.asList(s.split("\r\n"));
    }

    @Test
    void agentKilledWithSigkillLosesNothingItCapturedAndNeverRenumbers() throws Exception {
        String serial = newDevice();
        Path dir = Files.createTempDirectory("e2e-kill-");
        int port = freePort();
        Map<String, String> s = agentSettings(serial, dir, hub.url());
        s.put("capture.main.tcp", "listen:" + port);
        Agent agent = Agent.configure(dir, s).startProcess(dir.resolve("agent.log"));
        try (PbxEmulator pbx = new PbxEmulator(PbxFormat.AVAYA, 21, PbxOutput.connectTo("127.0.0.1", port))) {
            awaitListening(port);
            pbx.start(200);
            Thread.sleep(2500);
            long beforeKill = pbx.linesWritten();
            Thread.sleep(500);
            agent.kill9();
            Thread.sleep(1000);
            agent.startProcess(dir.resolve("agent.log"));
            awaitListening(port);
            Thread.sleep(2000);
            pbx.stop();
            long total = pbx.linesWritten();
            Thread.sleep(200);
            List<String> written = lines(pbx.written());
            long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
            List<String> stored = lines(stored(serial, "main"));
            while (System.nanoTime() < deadline && stored.size() < written.size() - 20) {
                Thread.sleep(300);
                stored = lines(stored(serial, "main"));
            }
            Thread.sleep(1500); // let the last sealed batch arrive
            stored = lines(stored(serial, "main"));
            assertEquals(stored.size(), new HashSet<>(stored).size(), "no line stored twice");
            int at = 0; // stored lines appear in the PBX's order
            for (String line : stored) {
                int found = written.subList(at, written.size()).indexOf(line);
                assertTrue(found >= 0, "stored line not written by the PBX or out of order: " + line);
                at += found + 1;
            }
            Set<String> have = new HashSet<>(stored);
            for (String line : written.subList(0, (int) beforeKill)) {
                assertTrue(have.contains(line), "a line captured 0.5 s before the kill is missing: " + line);
            }
            List<String> lost = new ArrayList<>(written);
            lost.removeAll(have);
            assertTrue(lost.size() <= 200, "only lines in flight on the dying TCP connection may miss: " + lost.size()
                    + " of " + total);
            assertEquals(0, hub.count("SELECT COUNT(*) FROM device_event WHERE serial = ? AND kind = 'batch-gap'",
                    serial), "seqs stay contiguous across the kill");
        } finally {
            agent.close();
        }
    }

    @Test
    void fullSpoolDropsOldestAndReportsLostBytes() throws Exception {
        String serial = newDevice();
        Path dir = Files.createTempDirectory("e2e-full-");
        int port = freePort();
        try (LoopbackProxy net = new LoopbackProxy("127.0.0.1", hub.port())) {
            Map<String, String> s = agentSettings(serial, dir, "http://127.0.0.1:" + net.port());
            s.put("capture.main.tcp", "listen:" + port);
            s.put("spool.capacityBytes", "20000");
            s.put("spool.fullPolicy", "dropOldest");
            net.refuse(true); // the hub is away while the PBX talks
            try (Agent agent = Agent.configure(dir, s).startInProcess();
                 PbxEmulator pbx = new PbxEmulator(PbxFormat.AVAYA, 31, PbxOutput.connectTo("127.0.0.1", port))) {
                awaitListening(port);
                for (int i = 0; i < 10; i++) {
                    pbx.writeLines(40);
                    Thread.sleep(400);
                }
                net.refuse(false);
                long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
                while (System.nanoTime() < deadline && lostBytes(serial) == 0) {
                    Thread.sleep(300);
                }
                assertTrue(lostBytes(serial) > 0, "the hub learns how many bytes the device dropped");
                long previous = -1;
                while (System.nanoTime() < deadline && stored(serial, "main").length != previous) {
                    previous = stored(serial, "main").length; // wait until the spool is drained
                    Thread.sleep(1500);
                }
                assertTrue(hub.count("SELECT COUNT(*) FROM device_event WHERE serial = ? AND kind = 'bytes-lost'", serial) > 0);
                long storedBytes = stored(serial, "main").length;
                assertTrue(storedBytes > 0 && storedBytes < pbx.written().length, "newest data kept, oldest dropped");
                assertTrue(pbx.written().length - storedBytes <= lostBytes(serial) + 20000,
                        "what is missing was dropped and reported: written " + pbx.written().length + ", stored "
                                + storedBytes + ", reported lost " + lostBytes(serial));
            }
        }
    }

    private long lostBytes(String serial) throws Exception {
        return hub.count("SELECT COALESCE(SUM(lost_bytes), 0) FROM batch WHERE serial = ?", serial);
    }
}
