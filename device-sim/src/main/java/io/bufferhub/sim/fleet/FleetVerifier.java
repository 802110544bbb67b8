package io.bufferhub.sim.fleet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import io.bufferhub.common.Json;
import io.bufferhub.sim.push.HubClient;

/**
 * Checks exactly-once from the outside after a fleet has stopped: every batch a device got 201/200 for must
 * be stored with the digest of the bytes it sent, and nothing else may be stored except, per device, the one
 * batch that was in flight or waiting for a retry when the fleet stopped (stored, answer lost).
 * Reads {@code GET /admin/batches} (PROTOCOL.md §9), which lists at most the newest 10 000 per device.
 */
public final class FleetVerifier {

    private static final int LIST_LIMIT = 10_000;

    /** What was found; {@link #ok()} when nothing is missing, changed or stored twice. */
    public record Report(int devices, long matched, List<String> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }

        @Override
        public String toString() {
            return ok() ? "exactly-once OK: " + matched + " acknowledged batches of " + devices + " devices stored"
                    : "exactly-once VIOLATED (" + problems.size() + " problems): "
                    + String.join("; ", problems.subList(0, Math.min(10, problems.size())));
        }
    }

    private FleetVerifier() {
    }

    public static Report verify(HubClient client, String adminToken, Map<String, NavigableMap<Long, String>> acknowledged)
            throws IOException, InterruptedException {
        List<String> problems = new ArrayList<>();
        long matched = 0;
        for (var device : acknowledged.entrySet()) {
            String serial = device.getKey();
            NavigableMap<Long, String> acked = device.getValue();
            NavigableMap<Long, String> stored = stored(client, adminToken, serial, problems);
            if (stored == null) {
                continue;
            }
            long oldestListed = stored.isEmpty() ? Long.MAX_VALUE : stored.firstKey();
            for (var batch : acked.entrySet()) {
                String digest = stored.get(batch.getKey());
                if (digest == null) {
                    if (batch.getKey() >= oldestListed || stored.size() < LIST_LIMIT) {
                        problems.add(serial + " seq " + batch.getKey() + " acknowledged but not stored");
                    }
                } else if (!digest.equals(batch.getValue())) {
                    problems.add(serial + " seq " + batch.getKey() + " stored with another digest");
                } else {
                    matched++;
                }
            }
            long next = acked.isEmpty() ? 1 : acked.lastKey() + 1;
            for (long seq : stored.keySet()) {
                if (!acked.containsKey(seq) && seq != next) {
                    problems.add(serial + " seq " + seq + " stored but never acknowledged");
                }
            }
        }
        return new Report(acknowledged.size(), matched, problems);
    }

    /** seq → digest of a device's stored batches; null (and a problem noted) when the hub would not say. */
    @SuppressWarnings("unchecked")
    private static NavigableMap<Long, String> stored(HubClient client, String adminToken, String serial,
                                                     List<String> problems) throws IOException, InterruptedException {
        HubClient.Answer a = client.admin(adminToken, "GET", "/admin/batches?serial=" + serial + "&limit=" + LIST_LIMIT,
                null);
        if (a.status() != 200) {
            problems.add(serial + ": GET /admin/batches answered " + a.status() + " " + a.body());
            return null;
        }
        NavigableMap<Long, String> stored = new TreeMap<>();
        List<Map<String, Object>> batches = (List<Map<String, Object>>) Json.readObject(
                a.body().getBytes(StandardCharsets.UTF_8)).get("batches");
        for (Map<String, Object> b : batches) {
            long seq = ((Number) b.get("seq")).longValue();
            if (stored.put(seq, (String) b.get("digest")) != null) {
                problems.add(serial + " seq " + seq + " listed twice");
            }
        }
        return stored;
    }
}
