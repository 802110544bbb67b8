package io.bufferhub.hub.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import io.bufferhub.hub.support.HubTestBase;
import io.bufferhub.sim.push.HubClient.Answer;
import org.junit.jupiter.api.Test;

/**
 * The shipped rate limit (config/hub.properties) never slows a legitimate backlog drain: one device that comes back
 * online pushes its stored batches back to back, one at a time (PROTOCOL.md §3), and gets no 429.
 */
abstract class BacklogDrainContract extends HubTestBase {

    static final int BATCHES = 1_000;

    /** No overrides: the hub runs with the rate limit as shipped. */
    @Override
    protected Map<String, String> settings() {
        return Map.of();
    }

    @Test
    void aThousandBatchesBackToBackAreAllStoredWithout429() throws Exception {
        String serial = newDevice();
        long start = System.nanoTime();
        for (long seq = 1; seq <= BATCHES; seq++) {
            Answer a = client.push(serial, SECRET, seq, bytes("2026/11/21 10:27:44,00:00:44,4,4688," + seq + "\r\n"));
            assertEquals(201, a.status(), "seq " + seq + ": " + a.body());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%s: %d pushes back to back in %.2f s (%.0f/s)%n", kind(), BATCHES, seconds,
                BATCHES / seconds);
        assertEquals(BATCHES, storedBatches(serial));
    }
}
