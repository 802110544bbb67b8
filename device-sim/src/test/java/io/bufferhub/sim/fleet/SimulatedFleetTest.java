package io.bufferhub.sim.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.NavigableMap;

import org.junit.jupiter.api.Test;

class SimulatedFleetTest {

    private static final int DEVICES = 3;
    private static final int BATCHES_EACH = 30;

    @Test
    void aMisbehavingFleetEndsWithExactlyWhatTheHubStored() throws Exception {
        try (FakeHub hub = new FakeHub()) {
            FleetSettings settings = FleetSettings.builder(hub.url(), FakeHub.ADMIN_TOKEN)
                    .serialPrefix("T")
                    .devices(DEVICES)
                    .lines(20)
                    .intervalMs(0)
                    .duplicateRate(0.3)
                    .cutRate(0.3)
                    .backoff(5, 50)
                    .seed(7)
                    .build();
            SimulatedFleet fleet = new SimulatedFleet(settings);
            fleet.start();
            long deadline = System.currentTimeMillis() + 20_000;
            while (fleet.counters().acknowledged() < DEVICES * BATCHES_EACH && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            fleet.stop();

            FleetCounters.Snapshot c = fleet.counters();
            assertTrue(c.acknowledged() >= DEVICES * BATCHES_EACH, "too slow: " + c);
            Map<String, NavigableMap<Long, String>> acknowledged = fleet.acknowledged();
            assertEquals(java.util.Set.of("T-0001", "T-0002", "T-0003"), acknowledged.keySet());
            for (var e : acknowledged.entrySet()) {
                NavigableMap<Long, String> mine = e.getValue();
                assertEquals(1L, mine.firstKey());
                assertEquals(mine.size(), mine.lastKey(), e.getKey() + ": seqs must run 1 … n without holes");
                // a batch in flight at stop may be stored but not yet acknowledged: compare up to the last ack
                assertEquals(mine, hub.stored().get(e.getKey()).headMap(mine.lastKey(), true), e.getKey());
            }
            FleetVerifier.Report report = fleet.verify();
            assertTrue(report.ok(), report.toString());
            assertEquals(c.acknowledged(), report.matched());
            hub.stored().get("T-0002").remove(3L);
            FleetVerifier.Report broken = fleet.verify();
            assertEquals(java.util.List.of("T-0002 seq 3 acknowledged but not stored"), broken.problems());
            hub.stored().get("T-0002").put(3L, acknowledged.get("T-0002").get(3L));
            assertEquals(c.acknowledged(), c.created(), "every proper push was stored once");
            assertEquals(c.acknowledged() * 20, c.lines());
            assertTrue(c.duplicates() > 0 && c.cuts() > 0, "faults were injected: " + c);
            assertEquals(hub.refused.get(), c.retries(), "each 503 was retried, nothing else");
            assertEquals(c.retries(), c.errors(), "the only failed attempts were the 503s: " + c.lastError());
            assertEquals(0, c.quarantined());
            long until = System.currentTimeMillis() + 2000; // the hub's side of the last cut may still be reading
            while (hub.truncated.get() < c.cuts() && System.currentTimeMillis() < until) {
                Thread.sleep(10);
            }
            assertEquals(c.cuts(), hub.truncated.get(), "the hub saw every cut as a short body");
        }
    }

    @Test
    void backoffDoublesToTheCapWithJitterAndHonoursRetryAfter() {
        Backoff b = new Backoff(1000, 8000);
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(1);
        long[] steps = {1000, 2000, 4000, 8000, 8000, 8000};
        for (int failures = 1; failures <= steps.length; failures++) {
            for (int i = 0; i < 50; i++) {
                long d = b.delayMs(failures, -1, rnd);
                long step = steps[failures - 1];
                assertTrue(d >= step / 2 && d <= step, failures + " failures: " + d);
            }
        }
        for (int i = 0; i < 50; i++) {
            long d = b.delayMs(1, 30_000, rnd);
            assertTrue(d >= 30_000 && d <= 33_000, "Retry-After beyond the cap is still honoured: " + d);
        }
        assertEquals(120_000, Backoff.retryAfterMs("120", 0));
        assertEquals(-1, Backoff.retryAfterMs(null, 0));
        assertEquals(-1, Backoff.retryAfterMs("soon", 0));
        long now = java.time.ZonedDateTime.parse("Sun, 06 Nov 1994 08:49:37 GMT",
                java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
        assertEquals(5000, Backoff.retryAfterMs("Sun, 06 Nov 1994 08:49:42 GMT", now));
    }
}
