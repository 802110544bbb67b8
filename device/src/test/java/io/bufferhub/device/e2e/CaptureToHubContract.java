package io.bufferhub.device.e2e;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.bufferhub.device.support.Agent;
import io.bufferhub.device.support.Socat;
import io.bufferhub.sim.net.LoopbackProxy;
import io.bufferhub.sim.pbx.PbxEmulator;
import io.bufferhub.sim.pbx.PbxFormat;
import io.bufferhub.sim.pbx.PbxOutput;
import org.junit.jupiter.api.Test;

/**
 * End to end: PBX emulator → serial pty or TCP → device agent (YAML routes, durable spool, push) → hub →
 * database. Every generated line must be stored exactly once, byte-identical and in order, through faults.
 */
abstract class CaptureToHubContract extends AgentTestBase {

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
}
