package io.bufferhub.device.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.bufferhub.device.agent.PushStep;
import io.bufferhub.device.push.PermanentRedirectStore;
import io.bufferhub.device.support.Agent;
import io.bufferhub.hub.support.TestDatabases;
import io.bufferhub.sim.net.FrontDoor;
import io.bufferhub.sim.pbx.PbxEmulator;
import io.bufferhub.sim.pbx.PbxFormat;
import io.bufferhub.sim.pbx.PbxOutput;
import org.junit.jupiter.api.Test;

/**
 * PROTOCOL.md §8 and §6 on the device: pinned certificates only, redirect targets included; a 308 base kept
 * across restarts until the main URL changes.
 */
class PinningAndRedirectIT extends AgentTestBase {

    @Override
    protected TestDatabases.Kind kind() {
        return TestDatabases.Kind.H2;
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of("bufferhub.tls", "true", "bufferhub.rateLimit.perSecond", "0");
    }

    private record Running(Agent agent, PbxEmulator pbx) implements AutoCloseable {
        String refused() {
            return agent.camel().getRegistry().lookupByNameAndType("pusher-agent", PushStep.class).pusher()
                    .lastRefusedFingerprint();
        }

        @Override
        public void close() throws Exception {
            pbx.close();
            agent.close();
        }
    }

    private Running start(String serial, String mainUrl, String pins) throws Exception {
        return start(Files.createTempDirectory("e2e-pin-"), serial, mainUrl, pins);
    }

    private Running start(Path dir, String serial, String mainUrl, String pins) throws Exception {
        int port = freePort();
        Map<String, String> s = agentSettings(serial, dir, "unused");
        s.put("device.mainUrl", mainUrl);
        s.put("device.pins", pins);
        s.put("capture.main.tcp", "listen:" + port);
        Agent agent = Agent.configure(dir, s).startInProcess();
        awaitListening(port);
        PbxEmulator pbx = new PbxEmulator(PbxFormat.PANASONIC, serial.hashCode(), PbxOutput.connectTo("127.0.0.1", port));
        pbx.writeLines(60);
        return new Running(agent, pbx);
    }

    @Test
    void aPinnedSelfSignedHubIsUsedAndAnyOtherCertificateGetsNothing() throws Exception {
        String good = newDevice();
        String bad = newDevice();
        try (Running pinned = start(good, hub.url() + "/bpp/v1", hub.fingerprint());
             Running wrong = start(bad, hub.url() + "/bpp/v1", "ab".repeat(32))) {
            awaitExactly(good, "main", pinned.pbx().written(), Duration.ofSeconds(30));
            Thread.sleep(1000);
            assertEquals(0, storedBatches(bad), "nothing is sent to an unpinned server");
            assertEquals(hub.fingerprint(), wrong.refused(), "the refused fingerprint is reported for approval");
        }
    }

    @Test
    void aPermanentRedirectOutlivesARestartUntilTheMainUrlChanges() throws Exception {
        String serial = newDevice();
        Path dir = Files.createTempDirectory("e2e-308-");
        try (FrontDoor door = new FrontDoor(Files.createTempDirectory("door-tls-"), hub.url() + "/bpp/v1");
             FrontDoor moved = new FrontDoor(Files.createTempDirectory("door-tls-"), hub.url() + "/bpp/v1")) {
            door.target(hub.url() + "/bpp/v1", true);
            String pins = door.fingerprint() + "," + moved.fingerprint() + "," + hub.fingerprint();
            ByteArrayOutputStream sent = new ByteArrayOutputStream();
            try (Running first = start(dir, serial, door.base(), pins)) {
                sent.write(first.pbx().written());
                awaitExactly(serial, "main", sent.toByteArray(), Duration.ofSeconds(30));
            }
            long redirected = door.redirects();
            assertTrue(redirected > 0, "the first run learnt the 308");
            assertTrue(Files.exists(dir.resolve("spool-agent/" + PermanentRedirectStore.FILE)));
            try (Running restarted = start(dir, serial, door.base(), pins)) {
                sent.write(restarted.pbx().written());
                awaitExactly(serial, "main", sent.toByteArray(), Duration.ofSeconds(30));
            }
            assertEquals(redirected, door.redirects(), "after the restart every request went to the kept 308 base");
            try (Running reconfigured = start(dir, serial, moved.base(), pins)) {
                sent.write(reconfigured.pbx().written());
                awaitExactly(serial, "main", sent.toByteArray(), Duration.ofSeconds(30));
            }
            assertTrue(moved.redirects() > 0, "a changed device.mainUrl drops the kept 308 base");
            assertEquals(redirected, door.redirects());
        }
    }

    @Test
    void aRedirectIsFollowedOnlyToAPinnedServer() throws Exception {
        String refusedSerial = newDevice();
        String followedSerial = newDevice();
        try (FrontDoor door = new FrontDoor(Files.createTempDirectory("door-tls-"), hub.url() + "/bpp/v1")) {
            try (Running onlyDoorPinned = start(refusedSerial, door.base(), door.fingerprint())) {
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (onlyDoorPinned.refused() == null && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                assertTrue(door.redirects() > 0, "the device reached the front door");
                assertEquals(hub.fingerprint(), onlyDoorPinned.refused(), "the redirect target's certificate was refused");
                assertEquals(0, storedBatches(refusedSerial));
            }
            try (Running bothPinned = start(followedSerial, door.base(), door.fingerprint() + "," + hub.fingerprint())) {
                awaitExactly(followedSerial, "main", bothPinned.pbx().written(), Duration.ofSeconds(30));
                // the operator changes the rule mid-stream: another base (same hub, other name), permanent now
                door.target("https://127.0.0.1:" + hub.port() + "/bpp/v1", true);
                bothPinned.pbx().writeLines(60);
                awaitExactly(followedSerial, "main", bothPinned.pbx().written(), Duration.ofSeconds(30));
            }
        }
    }
}
