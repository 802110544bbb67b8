package io.bufferhub.hub.ping;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import io.vertx.ext.web.RoutingContext;

/**
 * The pings held open on this hub node, one per device (PROTOCOL.md §4). A held ping costs a map entry and a
 * Vert.x timer — no thread — so a node can hold as many as it has file descriptors.
 */
public final class PingRegistry {

    /** One held ping; {@link #claim()} makes sure it is answered exactly once. */
    public static final class Held {
        final String serial;
        final RoutingContext ctx;
        final int heartbeat;
        /** When it arrived (epoch ms): of two pings of one device on two nodes, the later one stays. */
        final long arrivedAt;
        /** Until when the device row says this node holds it (epoch ms); 0 when not noted. */
        final long heldUntil;
        volatile long timerId = -1;
        private final AtomicBoolean answered = new AtomicBoolean();

        Held(String serial, RoutingContext ctx, int heartbeat, long arrivedAt, long heldUntil) {
            this.serial = serial;
            this.ctx = ctx;
            this.heartbeat = heartbeat;
            this.arrivedAt = arrivedAt;
            this.heldUntil = heldUntil;
        }

        /** True for the one caller that may answer this ping. */
        boolean claim() {
            return answered.compareAndSet(false, true);
        }
    }

    private final ConcurrentHashMap<String, Held> held = new ConcurrentHashMap<>();

    /** Holds {@code ping}; returns the older ping of the same device it replaces, or null. */
    Held hold(Held ping) {
        return held.put(ping.serial, ping);
    }

    /** Forgets {@code ping} if it is still the one held for its device. */
    void release(Held ping) {
        held.remove(ping.serial, ping);
    }

    Held heldFor(String serial) {
        return held.get(serial);
    }

    public boolean isPinging(String serial) {
        return held.containsKey(serial);
    }

    public int size() {
        return held.size();
    }

    Collection<Held> all() {
        return held.values();
    }
}
