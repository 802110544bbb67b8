package io.bufferhub.hub.admin;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.bufferhub.common.Identifiers;
import io.bufferhub.common.Problem;
import io.bufferhub.hub.http.DeviceAuthenticator;
import io.bufferhub.hub.ingest.JsonRequests;
import io.bufferhub.hub.ingest.JsonResponses;
import io.bufferhub.hub.ping.HeartbeatBook;
import io.bufferhub.hub.ping.PingRegistry;
import io.bufferhub.hub.store.BatchStore;
import io.bufferhub.hub.store.DeviceStore;
import org.apache.camel.Exchange;

/** Camel bean behind the operator API for devices and batches (PROTOCOL.md §9). */
public class DeviceAdmin {

    private static final Set<String> DEVICE_FIELDS = Set.of("name", "secret", "group", "enabled");
    private static final int MAX_BATCHES = 10_000;

    private final DeviceStore devices;
    private final BatchStore batches;
    private final DeviceAuthenticator authenticator;
    private final PingRegistry pings;
    private final boolean sharedDatabase;

    /**
     * @param sharedDatabase true when other hub nodes may hold the device's ping (PostgreSQL): "pinging" then also
     *                       reads the holder note in the device row, not only this node's registry
     */
    public DeviceAdmin(DeviceStore devices, BatchStore batches, DeviceAuthenticator authenticator,
                       PingRegistry pings, boolean sharedDatabase) {
        this.devices = devices;
        this.batches = batches;
        this.authenticator = authenticator;
        this.pings = pings;
        this.sharedDatabase = sharedDatabase;
    }

    /** {@code PUT /admin/devices/{serial}} → 201 when created, 200 when changed; the view is returned. */
    public void putDevice(Exchange exchange) throws SQLException {
        String serial = Identifiers.requireSerial(exchange.getMessage().getHeader("serial", String.class), "serial");
        Map<String, Object> body = JsonRequests.readObject(exchange, "the device");
        for (String key : body.keySet()) {
            if (!DEVICE_FIELDS.contains(key)) {
                throw Problem.badRequest("unknown-field", key + ": unknown field (allowed: name, secret, group, enabled)");
            }
        }
        String name = text(body, "name", 128);
        String secret = text(body, "secret", 1024);
        String group = text(body, "group", 128);
        Object enabled = body.get("enabled");
        if (enabled != null && !(enabled instanceof Boolean)) {
            throw Problem.badRequest("malformed-field", "enabled: must be true or false");
        }
        if (secret != null && secret.isEmpty()) {
            throw Problem.badRequest("malformed-field", "secret: must not be empty");
        }
        if (secret == null && !devices.exists(serial)) {
            throw Problem.badRequest("missing-field", "secret: required when registering a new device");
        }
        boolean created = devices.put(serial, new DeviceStore.DeviceUpdate(name, secret, group, (Boolean) enabled));
        authenticator.forget(serial);
        JsonResponses.send(exchange, created ? 201 : 200, view(serial));
    }

    public void getDevice(Exchange exchange) throws SQLException {
        String serial = Identifiers.requireSerial(exchange.getMessage().getHeader("serial", String.class), "serial");
        JsonResponses.send(exchange, 200, view(serial));
    }

    public void listDevices(Exchange exchange) throws SQLException {
        List<Map<String, Object>> views = new ArrayList<>();
        for (Map<String, Object> v : devices.list()) {
            views.add(complete(v));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("devices", views);
        JsonResponses.send(exchange, 200, answer);
    }

    /** {@code GET /admin/batches?serial=S[&limit=N]}, newest first. */
    public void listBatches(Exchange exchange) throws SQLException {
        String serial = exchange.getMessage().getHeader("serial", String.class);
        if (serial == null) {
            throw Problem.badRequest("missing-parameter", "serial: query parameter required (?serial=S)");
        }
        Identifiers.requireSerial(serial, "serial");
        int limit = MAX_BATCHES;
        String limitText = exchange.getMessage().getHeader("limit", String.class);
        if (limitText != null) {
            try {
                limit = Integer.parseInt(limitText);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_BATCHES) {
                throw Problem.badRequest("malformed-parameter", "limit: a number 1 … " + MAX_BATCHES);
            }
        }
        if (!devices.exists(serial)) {
            throw notFound(serial);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("batches", batches.list(serial, limit));
        JsonResponses.send(exchange, 200, answer);
    }

    private Map<String, Object> view(String serial) throws SQLException {
        return complete(devices.view(serial).orElseThrow(() -> notFound(serial)));
    }

    /** Adds the heartbeat part of the view (PROTOCOL.md §4, §9). */
    private Map<String, Object> complete(Map<String, Object> v) {
        String serial = (String) v.get("serial");
        HeartbeatBook.Heartbeats h = HeartbeatBook.Heartbeats.of((Integer) v.remove(DeviceStore.HEARTBEAT_LAST),
                (String) v.remove(DeviceStore.HEARTBEAT_HISTORY));
        Map<String, Object> heartbeat = new LinkedHashMap<>();
        heartbeat.put("last", h.last());
        heartbeat.put("history", h.history());
        v.put("heartbeat", heartbeat);
        Long heldUntil = (Long) v.remove(DeviceStore.PING_UNTIL);
        v.put("pinging", pings.isPinging(serial)
                || sharedDatabase && heldUntil != null && heldUntil > System.currentTimeMillis());
        v.put("firewallSuspect", h.firewallSuspect());
        return v;
    }

    private static Problem notFound(String serial) {
        return new Problem(404, "device-not-found", "Not Found", "serial: no device " + serial + " is registered");
    }

    private static String text(Map<String, Object> body, String key, int max) {
        Object v = body.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw Problem.badRequest("malformed-field", key + ": must be a string");
        }
        if (s.length() > max) {
            throw Problem.badRequest("malformed-field", key + ": at most " + max + " characters");
        }
        return s;
    }
}
