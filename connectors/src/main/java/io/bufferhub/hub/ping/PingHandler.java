package io.bufferhub.hub.ping;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.bufferhub.common.Json;
import io.bufferhub.common.Problem;
import io.bufferhub.hub.http.HttpProblems;
import io.bufferhub.hub.store.ClusterEvents;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /bpp/v1/devices/{serial}/ping} (PROTOCOL.md §4), asynchronous end to end: the request is parked
 * in the {@link PingRegistry} with a timer and answered {@code changed} when an update is published for the
 * device, {@code no-change} when its heartbeat runs out, {@code superseded} when a newer ping of the same device
 * arrives. Database work runs off the event loop; no thread waits for a held ping. Runs after the DeviceGuard.
 *
 * <p>With several nodes on one PostgreSQL, "one held ping per device" holds across nodes: a node that holds a
 * ping tells the others ({@link ClusterEvents}), and one holding an older ping of that device answers it
 * {@code superseded}; the device row notes which node holds it until when, for {@code pinging} in the operator
 * view on every node.
 */
public final class PingHandler implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(PingHandler.class);
    public static final int DEFAULT_HEARTBEAT = 480;

    private final Vertx vertx;
    private final PingRegistry registry;
    private final HeartbeatBook heartbeats;
    private final UpdateFeed updates;
    private final int min;
    private final int max;
    private final ClusterEvents events;

    /** Other nodes are told of a held ping on this channel: "serial arrivedAt nodeId". */
    static final String CHANNEL = "bufferhub_ping_held";
    /** The holder note outlives the heartbeat by this much: the answer may be a little late. */
    private static final long NOTE_GRACE_MS = 30_000;

    public PingHandler(Vertx vertx, PingRegistry registry, HeartbeatBook heartbeats, UpdateFeed updates, int min,
                       int max, ClusterEvents events) {
        this.vertx = vertx;
        this.registry = registry;
        this.heartbeats = heartbeats;
        this.updates = updates;
        this.min = min;
        this.max = max;
        this.events = events;
        updates.onPublished(this::wake);
        events.subscribe(CHANNEL, this::heldElsewhere);
    }

    @Override
    public void handle(RoutingContext ctx) {
        String serial = ctx.pathParam("serial");
        Integer asked;
        try {
            asked = requested(ctx.body() == null ? null : ctx.body().buffer());
        } catch (Problem p) {
            HttpProblems.send(ctx, p);
            return;
        }
        long arrivedAt = System.currentTimeMillis();
        vertx.<PingRegistry.Held>executeBlocking(() -> {
            int h = asked != null ? asked : lastOrDefault(serial);
            long until = events.shared() ? arrivedAt + h * 1000L + NOTE_GRACE_MS : 0;
            heartbeats.record(serial, h, until == 0 ? null : events.nodeId(), until == 0 ? null : until,
                    c -> { // one connection and one commit for the note and the announcement
                        events.send(c, CHANNEL, serial + " " + arrivedAt + " " + events.nodeId());
                        return null;
                    });
            return new PingRegistry.Held(serial, ctx, h, arrivedAt, until);
        }, false).onComplete(ar -> {
            if (ar.failed()) {
                LOG.warn("Ping of {} not recorded: {}", serial, ar.cause().toString());
                HttpProblems.send(ctx, Problem.unavailable("database: cannot take the ping now, retry later", 5));
                return;
            }
            hold(ar.result());
        });
    }

    private int lastOrDefault(String serial) throws Exception {
        Integer last = heartbeats.read(serial).last();
        return last == null ? DEFAULT_HEARTBEAT : last;
    }

    /** The heartbeat in the body; null for an empty body (the device's last one is used). */
    private Integer requested(Buffer body) {
        if (body == null || body.length() == 0) {
            return null;
        }
        Map<String, Object> json = Json.readObject(body.getBytes());
        Object h = json.get("heartbeat");
        if (!(h instanceof Integer || h instanceof Long) || json.size() != 1) {
            throw Problem.badRequest("malformed-heartbeat", "heartbeat: body must be {\"heartbeat\": <whole seconds>}");
        }
        long value = ((Number) h).longValue();
        if (value < min || value > max) {
            throw Problem.badRequest("heartbeat-out-of-bounds", "heartbeat: " + value + " s is outside " + min + " … "
                    + max + " s").with("minHeartbeat", min).with("maxHeartbeat", max);
        }
        return (int) value;
    }

    /** Parks the ping, then looks for pending updates — in that order, so a publish in between is not missed. */
    private void hold(PingRegistry.Held ping) {
        PingRegistry.Held older = registry.hold(ping);
        if (older != null && older.claim()) {
            vertx.cancelTimer(older.timerId);
            answer(older, Map.of("status", "superseded"));
        }
        ping.timerId = vertx.setTimer(ping.heartbeat * 1000L, id -> {
            if (ping.claim()) {
                release(ping);
                answer(ping, Map.of("status", "no-change", "heartbeat", ping.heartbeat));
            }
        });
        ping.ctx.response().closeHandler(v -> {
            if (ping.claim()) { // the device or a firewall dropped it: nothing to answer
                vertx.cancelTimer(ping.timerId);
                release(ping);
            }
        });
        checkPending(ping);
    }

    /** Another node holds a ping of {@code serial} now: an older one held here is superseded (any thread). */
    private void heldElsewhere(String payload) {
        String[] p = payload.split(" ");
        if (p.length != 3 || p[2].equals(events.nodeId())) {
            return;
        }
        PingRegistry.Held here = registry.heldFor(p[0]);
        long arrivedThere;
        try {
            arrivedThere = Long.parseLong(p[1]);
        } catch (NumberFormatException e) {
            return;
        }
        // the later arrival stays; on a tie the node ids decide, the same way on both nodes
        if (here != null && (here.arrivedAt < arrivedThere
                || here.arrivedAt == arrivedThere && events.nodeId().compareTo(p[2]) < 0)) {
            here.ctx.vertx().runOnContext(v -> {
                if (here.claim()) {
                    vertx.cancelTimer(here.timerId);
                    registry.release(here); // the note in the device row is the other node's now
                    answer(here, Map.of("status", "superseded"));
                }
            });
        }
    }

    /** Forgets a ping that was answered or dropped, and its holder note (off the event loop; a failure is harmless). */
    private void release(PingRegistry.Held ping) {
        registry.release(ping);
        if (ping.heldUntil != 0) {
            vertx.executeBlocking(() -> {
                heartbeats.released(ping.serial, events.nodeId(), ping.heldUntil);
                return null;
            }, false);
        }
    }

    /** Called with the serials an update was published to (any thread). */
    private void wake(Collection<String> serials) {
        for (String serial : serials) {
            PingRegistry.Held ping = registry.heldFor(serial);
            if (ping != null) {
                ping.ctx.vertx().runOnContext(v -> checkPending(ping));
            }
        }
    }

    private void checkPending(PingRegistry.Held ping) {
        vertx.<List<Map<String, Object>>>executeBlocking(() -> updates.pendingFor(ping.serial), false).onComplete(ar -> {
            if (ar.succeeded() && !ar.result().isEmpty() && ping.claim()) {
                vertx.cancelTimer(ping.timerId);
                release(ping);
                answer(ping, Map.of("status", "changed", "updates", ar.result()));
            } else if (ar.failed()) {
                LOG.warn("Pending updates of {} unknown: {}", ping.serial, ar.cause().toString());
            }
        });
    }

    private static void answer(PingRegistry.Held ping, Map<String, Object> fields) {
        Map<String, Object> body = new LinkedHashMap<>(fields);
        body.put("serverTime", System.currentTimeMillis());
        var response = ping.ctx.response();
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(200).putHeader("Content-Type", "application/json").end(Json.write(body));
    }
}
