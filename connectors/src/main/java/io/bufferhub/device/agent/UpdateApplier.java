package io.bufferhub.device.agent;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

import io.bufferhub.common.Json;
import io.bufferhub.device.heartbeat.FirmwareVerifier;
import io.bufferhub.device.heartbeat.HeartbeatClient;
import io.bufferhub.device.heartbeat.UpdateClient;
import io.bufferhub.device.heartbeat.UpdateItem;
import io.bufferhub.device.push.HubConnection;
import io.bufferhub.device.spool.Spool;
import org.apache.camel.CamelContext;

/**
 * Applies one central update (PROTOCOL.md §5, §7) and says which state to report: {@code diagnostics}
 * uploads a bundle, {@code command} runs flush / resync-time / restart ({@link CommandPayload}), {@code routes}
 * replace the device scripts ({@link DeviceScripts}), {@code firmware} is checked against the trusted Ed25519
 * keys and {@code config} as settings; under a supervisor both are then installed on probation ({@link UpdateTrial}) and
 * the agent restarts into them, reporting {@code applied} once the new one has checked in.
 */
final class UpdateApplier {

    /** The state to report and its detail. */
    record Outcome(String state, String detail, boolean restart) {
        Outcome(String state, String detail) {
            this(state, detail, false);
        }
    }

    private final CamelContext camel;
    private final String agent;
    private final AgentSettings settings;
    private final HubConnection connection;
    private final UpdateClient updates;
    private final Spool spool;
    private final Path workDir;
    private final AgentControl control;
    private final DeviceScripts scripts;
    private HeartbeatClient heartbeat;

    UpdateApplier(CamelContext camel, String agent, AgentSettings settings, HubConnection connection,
                  UpdateClient updates, Spool spool, Path workDir, AgentControl control) {
        this.camel = camel;
        this.agent = agent;
        this.settings = settings;
        this.connection = connection;
        this.updates = updates;
        this.spool = spool;
        this.workDir = workDir;
        this.control = control;
        this.scripts = new DeviceScripts(camel, workDir);
    }

    DeviceScripts scripts() {
        return scripts;
    }

    void heartbeat(HeartbeatClient heartbeat) {
        this.heartbeat = heartbeat;
    }

    Outcome apply(UpdateItem item) throws Exception {
        return switch (item.kind()) {
            case "diagnostics" -> diagnostics(item);
            case "command" -> command(item);
            case "firmware" -> firmware(item);
            case "routes" -> routes(item);
            case "config" -> config(item);
            default -> new Outcome("rejected", "unknown update kind " + item.kind());
        };
    }

    private Outcome diagnostics(UpdateItem item) throws IOException {
        byte[] bundle = Json.write(diagnosticsBundle()).getBytes(StandardCharsets.UTF_8);
        HubConnection.Response r = connection.exchange("POST", "/devices/" + settings.serial() + "/diagnostics/"
                + item.id(), Map.of("Content-Type", "application/json"), bundle, false);
        return r.status() == 201 || r.status() == 200 ? new Outcome("applied", "bundle of " + bundle.length + " bytes")
                : new Outcome("failed", "hub answered " + r.status() + " to the bundle");
    }

    Map<String, Object> diagnosticsBundle() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("agentVersion", AgentVersion.current());
        d.put("supervised", control != null && control.supervised());
        d.put("serial", settings.serial());
        d.put("uptimeMs", ManagementFactory.getRuntimeMXBean().getUptime());
        d.put("bufferUsedPercent", spool.usedPercent());
        d.put("lostBytes", spool.stats().totalLostBytes());
        d.put("pendingBatches", spool.stats().pending());
        Map<String, Object> ports = new LinkedHashMap<>();
        for (String channel : settings.captures().keySet()) {
            String routeId = agent + "-capture-" + channel;
            ports.put(channel, String.valueOf(camel.getRouteController().getRouteStatus(routeId)));
        }
        d.put("capturePorts", ports);
        d.put("routes", camel.getRoutes().stream().map(r -> r.getRouteId()).sorted().toList());
        if (heartbeat != null) {
            d.put("heartbeat", Map.of("interval", heartbeat.heartbeat().interval(), "ceiling", heartbeat.heartbeat().ceiling(),
                    "last", String.valueOf(heartbeat.lastResult())));
        }
        d.put("lastRefusedFingerprint", connection.lastRefusedFingerprint());
        d.put("clockOffsetMs", connection.clockOffsetMs());
        d.put("hubBase", connection.currentBase());
        return d;
    }

    private Outcome command(UpdateItem item) throws Exception {
        Path file = updates.download(item, workDir.resolve("command-" + item.id() + ".json"));
        byte[] payload = Files.readAllBytes(file);
        Files.deleteIfExists(file);
        String name;
        try {
            name = CommandPayload.name(payload);
        } catch (IllegalArgumentException e) {
            return new Outcome("rejected", e.getMessage());
        }
        switch (name) {
            case "flush" -> {
                spool.sealDue(Long.MAX_VALUE); // every open batch is due now
                return new Outcome("applied", "open batches sealed for sending");
            }
            case "resync-time" -> {
                updates.checkIn(); // a fresh exchange refreshes the clock offset
                return new Outcome("applied", "clock offset now " + connection.clockOffsetMs() + " ms");
            }
            case "restart" -> {
                if (control != null && control.supervised()) {
                    return new Outcome("applied", "restarting the agent", true);
                }
                for (String routeId : camel.getRoutes().stream().map(r -> r.getRouteId())
                        .filter(id -> id.startsWith(agent + "-")).toList()) {
                    camel.getRouteController().stopRoute(routeId);
                    camel.getRouteController().startRoute(routeId);
                }
                return new Outcome("applied", "capture and push routes restarted");
            }
            default -> throw new IllegalStateException("command " + name + " is known but not handled");
        }
    }

    private Outcome routes(UpdateItem item) throws Exception {
        Path file = updates.download(item, workDir.resolve("routes-" + item.id() + ".camel.yaml"));
        String yaml = Files.readString(file, StandardCharsets.UTF_8);
        Files.deleteIfExists(file);
        return scripts.replace(item.id(), yaml);
    }

    private Outcome config(UpdateItem item) throws Exception {
        if (control == null || !control.supervised() || control.configFile() == null) {
            return new Outcome("failed", "settings can only be replaced under the supervisor (bin/bufferhub device),"
                    + " which rolls them back if they cannot check in; the current settings stay");
        }
        Path file = updates.download(item, workDir.resolve("config-" + item.id() + ".properties"));
        byte[] payload = Files.readAllBytes(file);
        Files.deleteIfExists(file);
        return ConfigUpdate.install(item, payload, settings, control.configFile(),
                v -> v.contains("{{") ? camel.getPropertiesComponent().parseUri(v) : v, workDir);
    }

    private Outcome firmware(UpdateItem item) throws IOException {
        Path dir = workDir.resolve("firmware");
        Files.createDirectories(dir);
        Path staged = updates.download(item, dir.resolve("incoming-" + item.id() + ".pkg"));
        FirmwareVerifier.Result check = FirmwareVerifier.of(settings.updateKeys()).verify(item, staged);
        if (!check.accepted()) {
            Files.deleteIfExists(staged);
            return new Outcome("rejected", check.reason() + "; the current package stays");
        }
        if (control == null || !control.supervised()) {
            Path next = dir.resolve("next.pkg");
            Files.move(staged, next, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new Outcome("downloaded", "verified (key " + check.keyFingerprint() + ") and staged as " + next
                    + "; installed when the agent runs under the supervisor (bin/bufferhub device)");
        }
        FirmwareSlots slots = new FirmwareSlots(workDir);
        Path unpacked;
        try {
            unpacked = slots.unpack(item.id(), staged);
        } catch (IllegalArgumentException e) {
            return new Outcome("rejected", e.getMessage() + "; the current package stays");
        } finally {
            Files.deleteIfExists(staged);
        }
        new UpdateTrial("firmware", item.id(), item.version(), settings.rollbackAfterMs(), 0).begin(workDir);
        slots.swapIn(unpacked);
        return new Outcome("downloaded", "verified (key " + check.keyFingerprint() + ") and installed; restarting into"
                + " version " + item.version() + " (the previous package returns if it does not check in within "
                + settings.rollbackAfterMs() / 1000 + " s)", true);
    }
}
