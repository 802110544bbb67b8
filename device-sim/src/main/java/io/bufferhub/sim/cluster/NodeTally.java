package io.bufferhub.sim.cluster;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the devices saw, per node and per report interval: batches a node stored ({@code 201} from it), the
 * devices it answered, the requests the door redirected, failed attempts. Counted on the device side, by the
 * server that gave the final answer — the hub's database records which batches arrived, not through which node,
 * and a hub's log has no per-interval counts. {@link #take()} hands over the interval and starts the next.
 */
final class NodeTally {

    /** One node's share of one interval. */
    static final class Interval {
        final LongAdder stored = new LongAdder();
        final LongAdder duplicates = new LongAdder();
        final LongAdder redirected = new LongAdder();
        final LongAdder failed = new LongAdder();
        final Set<String> served = ConcurrentHashMap.newKeySet();
    }

    private final Map<String, String> names; // base → node name
    private final String doorBase;
    private final AtomicReference<Map<String, Interval>> current = new AtomicReference<>();
    private final LongAdder storedTotal = new LongAdder();
    private final LongAdder failedTotal = new LongAdder();
    private volatile String lastProblem;

    /** @param bases node name → device base ({@code https://127.0.0.1:p/bpp/v1}); the first is the door */
    NodeTally(Map<String, String> bases) {
        this.names = new LinkedHashMap<>();
        bases.forEach((name, base) -> names.put(base, name));
        this.doorBase = bases.values().iterator().next();
        current.set(fresh());
    }

    private Map<String, Interval> fresh() {
        Map<String, Interval> m = new LinkedHashMap<>();
        names.values().forEach(n -> m.put(n, new Interval()));
        m.put("other", new Interval());
        return m;
    }

    private Interval of(String base) {
        return current.get().get(names.getOrDefault(base, "other"));
    }

    /** A {@code 201} ({@code created}) or {@code 200}; {@code from} is where the request started. */
    void stored(String serial, String from, String to, boolean created) {
        Interval i = of(to);
        (created ? i.stored : i.duplicates).increment();
        i.served.add(serial);
        if (created) {
            storedTotal.increment();
        }
        if (doorBase.equals(from) && !doorBase.equals(to)) {
            of(doorBase).redirected.increment();
        }
    }

    /** An attempt without a usable answer, charged to the node the request started at. */
    void failed(String serial, String from, String problem) {
        of(from).failed.increment();
        failedTotal.increment();
        lastProblem = serial + " " + problem;
    }

    /** The interval so far, per node name (door, node-a, node-b, other); a new one starts. */
    Map<String, Interval> take() {
        return current.getAndSet(fresh());
    }

    /** {@code 201}s seen by all devices since the start. */
    long storedTotal() {
        return storedTotal.sum();
    }

    long failedTotal() {
        return failedTotal.sum();
    }

    String lastProblem() {
        return lastProblem;
    }

    /** How many devices will send their next request to each node (their redirect memory), door first. */
    Map<String, Integer> remembered(List<DemoDevice> devices) {
        Map<String, Integer> m = new LinkedHashMap<>();
        names.values().forEach(n -> m.put(n, 0));
        for (DemoDevice d : devices) {
            m.merge(names.getOrDefault(d.currentBase(), "other"), 1, Integer::sum);
        }
        return m;
    }
}
