package io.bufferhub.device.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.bufferhub.device.heartbeat.HeartbeatClient.Kind;
import io.bufferhub.device.heartbeat.HeartbeatClient.PingResult;
import io.bufferhub.device.push.HubConnection;
import io.bufferhub.device.push.PushSettings;

/**
 * The ping loop against a real HTTP server that holds pings like a hub. Intervals are in whole seconds as on the
 * wire, so the tests use H = 1 … 5 s and a grace of 0.6 s instead of 30 s.
 */
class HeartbeatClientTest {

    private static final long GRACE_MS = 600;
    private FakeHub hub;
    private HubConnection connection;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        hub = new FakeHub();
        connection = new HubConnection(settings(hub.base()));
    }

    @AfterEach
    void stop() {
        connection.close();
        hub.close();
        executor.shutdownNow();
    }

    static PushSettings settings(String base) {
        return PushSettings.of("S1", "secret", "test device", base, Set.of()).withTimeouts(2000, 5000)
                .withClock(Clock.systemUTC());
    }

    private HeartbeatClient client(AdaptiveHeartbeat hb, HeartbeatClient.Listener l) {
        return new HeartbeatClient(connection, hb, dir.resolve("heartbeat.properties"), l, GRACE_MS);
    }

    @Test
    void answeredPingsRaiseTheIntervalAndTheStateIsSaved() throws Exception {
        AdaptiveHeartbeat hb = new AdaptiveHeartbeat(1, 1, 1, 10, Clock.systemUTC());
        HeartbeatClient c = client(hb, u -> { });
        for (int i = 0; i < 3; i++) {
            PingResult r = c.pingOnce();
            assertEquals(Kind.NO_CHANGE, r.kind(), r.toString());
            assertTrue(r.elapsedMs() >= 900, "held for H: " + r.elapsedMs() + " ms");
        }
        assertEquals(List.of(1, 1, 1), hub.pingHeartbeats, "each ping carries {\"heartbeat\": H}");
        assertEquals(2, hb.interval());
        AdaptiveHeartbeat restored = new AdaptiveHeartbeat(1, 1, 1, 10, Clock.systemUTC());
        assertTrue(restored.load(dir.resolve("heartbeat.properties")));
        assertEquals(2, restored.interval());
    }

    @Test
    void aHeldPingAnswersChangedWhenAnUpdateIsPublished() throws Exception {
        AdaptiveHeartbeat hb = new AdaptiveHeartbeat(5, 1, 1, 10, Clock.systemUTC());
        BlockingQueue<List<UpdateItem>> seen = new LinkedBlockingQueue<>();
        UpdateClient updates = new UpdateClient(connection);
        HeartbeatClient c = client(hb, items -> {
            seen.add(items);
            for (UpdateItem u : items) { // what the agent does: check in, apply, report
                updates.report(u.id(), "applied", "ok");
            }
        });
        c.start(executor);
        waitFor(() -> hub.held.get() == 1);
        long t0 = System.nanoTime();
        hub.publish("u1", "command", null, null);
        List<UpdateItem> got = seen.poll(2, TimeUnit.SECONDS);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertNotNull(got, "listener not called");
        assertTrue(ms < 1000, "changed within a second of the publish, took " + ms + " ms");
        assertEquals("u1", got.get(0).id());
        assertEquals("command", got.get(0).kind());
        waitFor(() -> hub.held.get() == 1); // pinging again, held since nothing is pending any more
        assertEquals(5, hb.interval(), "an early answer says nothing about H");
        assertEquals(0, hb.successes());
        assertTrue(c.stop());
    }

    @Test
    void anUpdateThatStaysPendingDoesNotMakeTheLoopSpin() throws Exception {
        AdaptiveHeartbeat hb = new AdaptiveHeartbeat(3, 1, 1, 10, Clock.systemUTC());
        BlockingQueue<List<UpdateItem>> seen = new LinkedBlockingQueue<>();
        hub.publish("u2", "config", "a=b\n".getBytes(), null);
        HeartbeatClient c = client(hb, seen::add);
        c.start(executor);
        Thread.sleep(3500);
        assertTrue(c.stop());
        int pings = hub.pingHeartbeats.size();
        // at once, at once (same list: wait 1 s), 1 s later (wait 2 s), 2 s later (wait 3 s = H) …
        assertTrue(pings >= 3 && pings <= 5, pings + " pings in 3.5 s");
        assertEquals(pings, seen.size(), "the listener hears of the pending update each time");
    }

    @Test
    void noAnswerWithinHPlusGraceIsAFirewallSignal() throws Exception {
        hub.blackHole = true; // a firewall dropped the idle flow: the answer never comes
        AdaptiveHeartbeat hb = new AdaptiveHeartbeat(2, 1, 1, 10, Clock.systemUTC());
        PingResult r = client(hb, u -> { }).pingOnce();
        assertEquals(Kind.TIMED_OUT, r.kind(), r.toString());
        assertTrue(r.elapsedMs() >= 2000 + GRACE_MS - 100 && r.elapsedMs() < 2000 + GRACE_MS + 1500,
                "timed out after H + grace: " + r.elapsedMs());
        assertEquals(1, hb.interval(), "halved");
        assertTrue(Files.exists(dir.resolve("heartbeat.properties")));
    }

    @Test
    void aTimeoutAfterARaiseGoesBackAndHoldsThere() throws Exception {
        AdaptiveHeartbeat hb = new AdaptiveHeartbeat(1, 1, 1, 10, Clock.systemUTC());
        HeartbeatClient c = client(hb, u -> { });
        for (int i = 0; i < 3; i++) {
            assertEquals(Kind.NO_CHANGE, c.pingOnce().kind());
        }
        assertEquals(2, hb.interval());
        hub.blackHole = true;
        assertEquals(Kind.TIMED_OUT, c.pingOnce().kind());
        assertEquals(1, hb.interval());
        assertEquals(1, hb.ceiling());
    }

    @Test
    void aRefusedConnectionIsANetworkErrorNotAFirewallSignal() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (HubConnection dead = new HubConnection(settings("http://127.0.0.1:" + port + "/bpp/v1"))) {
            AdaptiveHeartbeat hb = new AdaptiveHeartbeat(2, 1, 1, 10, Clock.systemUTC());
            PingResult r = new HeartbeatClient(dead, hb, null, u -> { }, GRACE_MS).pingOnce();
            assertEquals(Kind.NETWORK_ERROR, r.kind(), r.toString());
            assertTrue(r.elapsedMs() < 1000, r.elapsedMs() + " ms");
            assertEquals(2, hb.interval(), "unchanged");
        }
    }

    @Test
    void theHubsBoundsAreAdopted() throws Exception {
        hub.min = 4;
        hub.max = 6;
        AdaptiveHeartbeat hb = new AdaptiveHeartbeat(1, 1, 1, 3540, Clock.systemUTC());
        PingResult r = client(hb, u -> { }).pingOnce();
        assertEquals(Kind.BOUNDS, r.kind(), r.toString());
        assertEquals(4, hb.interval());
        assertEquals(4, hb.min());
        assertEquals(6, hb.max());
    }

    @Test
    void aBusyHubIsRetriedAfterItsRetryAfterNotCountedAsAFirewall() throws Exception {
        hub.pingError = 503;
        AdaptiveHeartbeat hb = new AdaptiveHeartbeat(2, 1, 1, 10, Clock.systemUTC());
        PingResult r = client(hb, u -> { }).pingOnce();
        assertEquals(Kind.HUB_ERROR, r.kind(), r.toString());
        assertEquals(7000, r.retryAfterMs());
        assertTrue(r.detail().contains("hub busy"), r.detail());
        assertEquals(2, hb.interval());
    }

    @Test
    void supersededIsNeitherSuccessNorTimeout() throws Exception {
        AdaptiveHeartbeat hb = new AdaptiveHeartbeat(5, 1, 1, 10, Clock.systemUTC());
        HeartbeatClient c = client(hb, u -> { });
        Future<PingResult> f = executor.submit(c::pingOnce);
        waitFor(() -> hub.held.get() == 1);
        hub.supersede();
        PingResult r = f.get(2, TimeUnit.SECONDS);
        assertEquals(Kind.SUPERSEDED, r.kind());
        assertEquals(5, hb.interval());
        assertEquals(0, hb.successes());
    }

    @Test
    void stopAbortsAHeldPingAtOnce() throws Exception {
        AdaptiveHeartbeat hb = new AdaptiveHeartbeat(60, 1, 1, 3540, Clock.systemUTC());
        HeartbeatClient c = client(hb, u -> { });
        c.start(executor);
        waitFor(() -> hub.held.get() == 1);
        assertTrue(c.running());
        long t0 = System.nanoTime();
        assertTrue(c.stop(), "loop ended");
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(ms < 1000, "stopped in " + ms + " ms, not after H = 60 s");
        assertEquals(Kind.ABORTED, c.lastResult().kind());
        assertEquals(60, hb.interval(), "an abort is not a timeout");
        c.start(executor); // restartable
        waitFor(() -> hub.pingHeartbeats.size() == 2);
        assertTrue(c.stop());
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("condition not met within 5 s");
            }
            Thread.sleep(10);
        }
    }
}
