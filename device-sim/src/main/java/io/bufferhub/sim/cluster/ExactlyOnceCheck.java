package io.bufferhub.sim.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.bufferhub.common.Json;
import io.bufferhub.sim.push.HubClient;

/**
 * The end of {@code cluster-demo}: every batch a device got {@code 201}/{@code 200} for is stored exactly once,
 * with the digest of the bytes it sent, across both databases (the cluster's, read through a data node, and the
 * door's own — which should hold none, since every device is redirected), and nothing else is stored. The one
 * exception, per device, is a batch still unanswered when the device had to give up at the end: stored or not,
 * both are right, and it is reported apart. Reads {@code GET /admin/batches?serial=…} (PROTOCOL.md §9).
 */
final class ExactlyOnceCheck {

    private static final int LIST_LIMIT = 10_000;

    /** {@code acknowledged} batches, how many the cluster and the door hold, unresolved ones and problems. */
    record Result(long acknowledged, long inCluster, long atDoor, long unresolved, List<String> problems) {
        boolean ok() {
            return problems.isEmpty();
        }
    }

    private ExactlyOnceCheck() {
    }

    static Result check(List<DemoDevice> devices, HubClient cluster, HubClient door, String token)
            throws IOException, InterruptedException {
        long acknowledged = 0;
        long inCluster = 0;
        long atDoor = 0;
        long unresolved = 0;
        List<String> problems = new ArrayList<>();
        for (DemoDevice d : devices) {
            Map<Long, List<String>> stored = new HashMap<>(); // seq → digests, one per copy found
            inCluster += list(cluster, token, d.serial, stored, problems, "cluster");
            atDoor += list(door, token, d.serial, stored, problems, "door");
            var acked = d.acknowledged();
            acknowledged += acked.size();
            for (var batch : acked.entrySet()) {
                List<String> copies = stored.getOrDefault(batch.getKey(), List.of());
                if (copies.isEmpty()) {
                    problems.add(d.serial + " seq " + batch.getKey() + " acknowledged but not stored");
                } else if (copies.size() > 1) {
                    problems.add(d.serial + " seq " + batch.getKey() + " stored " + copies.size() + " times");
                } else if (!copies.get(0).equals(batch.getValue())) {
                    problems.add(d.serial + " seq " + batch.getKey() + " stored with another digest");
                }
            }
            long pending = d.pendingSeq();
            if (pending > 0) {
                unresolved++;
            }
            for (var entry : stored.entrySet()) {
                long seq = entry.getKey();
                if (acked.containsKey(seq)) {
                    continue;
                }
                if (seq != pending) {
                    problems.add(d.serial + " seq " + seq + " stored but never acknowledged");
                } else if (entry.getValue().size() > 1 || !entry.getValue().get(0).equals(d.pendingDigest())) {
                    problems.add(d.serial + " seq " + seq + " (unanswered at the end) stored twice or changed");
                }
            }
        }
        return new Result(acknowledged, inCluster, atDoor, unresolved, problems);
    }

    /** Adds a device's stored batches to {@code stored}; returns how many; a problem when the hub would not say. */
    @SuppressWarnings("unchecked")
    private static int list(HubClient hub, String token, String serial, Map<Long, List<String>> stored,
                            List<String> problems, String where) throws IOException, InterruptedException {
        HubClient.Answer a = hub.admin(token, "GET", "/admin/batches?serial=" + serial + "&limit=" + LIST_LIMIT, null);
        if (a.status() != 200) {
            problems.add(serial + ": GET /admin/batches on the " + where + " answered " + a.status());
            return 0;
        }
        List<Map<String, Object>> batches = (List<Map<String, Object>>) Json.readObject(
                a.body().getBytes(StandardCharsets.UTF_8)).get("batches");
        if (batches.size() >= LIST_LIMIT) {
            problems.add(serial + ": more than " + LIST_LIMIT + " batches on the " + where + ", not all checked");
        }
        for (Map<String, Object> b : batches) {
            stored.computeIfAbsent(((Number) b.get("seq")).longValue(), k -> new ArrayList<>())
                    .add((String) b.get("digest"));
        }
        return batches.size();
    }

    /** Batches stored in the cluster database for these devices now (for the live line). */
    static long countStored(List<DemoDevice> devices, HubClient cluster, String token)
            throws IOException, InterruptedException {
        long n = 0;
        for (DemoDevice d : devices) {
            Map<Long, List<String>> stored = new HashMap<>();
            n += list(cluster, token, d.serial, stored, new ArrayList<>(), "cluster");
        }
        return n;
    }
}
