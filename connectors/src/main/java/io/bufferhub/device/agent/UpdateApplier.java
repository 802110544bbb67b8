package io.bufferhub.device.agent;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.bufferhub.common.Json;
import io.bufferhub.device.heartbeat.FirmwareVerifier;
import io.bufferhub.device.heartbeat.HeartbeatClient;
import io.bufferhub.device.heartbeat.UpdateClient;
import io.bufferhub.device.heartbeat.UpdateItem;
import io.bufferhub.device.push.HubConnection;
import io.bufferhub.device.spool.Spool;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

/**
 * Applies one central update (PROTOCOL.md §5, §7) and says which final state to report: {@code diagnostics}
 * uploads a bundle, {@code command} runs flush / resync-time / restart, {@code firmware} is downloaded, checked
 * against the trusted Ed25519 keys and staged (the old package kept), {@code routes} are hot-loaded after a
 * parse check. {@code config} is refused with a reason until settings reload lands.
 */
final class UpdateApplier {

    /** The state to report and its detail. */
    record Outcome(String state, String detail) {
    }

    private final CamelContext camel;
    private final String agent;
    private final AgentSettings settings;
    private final HubConnection connection;
    private final UpdateClient updates;
    private final Spool spool;
    private final Path workDir;
    private HeartbeatClient heartbeat;

    UpdateApplier(CamelContext camel, String agent, AgentSettings settings, HubConnection connection,
                  UpdateClient updates, Spool spool, Path workDir) {
        this.camel = camel;
        this.agent = agent;
        this.settings = settings;
        this.connection = connection;
        this.updates = updates;
        this.spool = spool;
        this.workDir = workDir;
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
            case "config" -> new Outcome("failed", "config updates are not applied by this agent version yet"
                    + " (no settings reload); the settings are unchanged");
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
        d.put("agentVersion", String.valueOf(UpdateApplier.class.getPackage().getImplementationVersion()));
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
        JsonNode cmd = Json.MAPPER.readTree(Files.readAllBytes(file));
        Files.deleteIfExists(file);
        String name = cmd.path("command").asText("");
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
                for (String routeId : camel.getRoutes().stream().map(r -> r.getRouteId())
                        .filter(id -> id.startsWith(agent + "-")).toList()) {
                    camel.getRouteController().stopRoute(routeId);
                    camel.getRouteController().startRoute(routeId);
                }
                return new Outcome("applied", "capture and push routes restarted");
            }
            default -> {
                return new Outcome("rejected", "unknown command '" + name + "' (known: flush, resync-time, restart)");
            }
        }
    }

    /**
     * A routes file (the device's scripts) replaces routes of the same ids in the running agent. It is parsed in a
     * scratch context first: a broken file is refused with the parser's message and the old routes keep running.
     */
    private Outcome routes(UpdateItem item) throws Exception {
        Path file = updates.download(item, workDir.resolve("routes-" + item.id() + ".camel.yaml"));
        String yaml = Files.readString(file, StandardCharsets.UTF_8);
        Files.deleteIfExists(file);
        String name = "update-" + item.id() + ".camel.yaml";
        try (DefaultCamelContext scratch = new DefaultCamelContext()) {
            PluginHelper.getRoutesLoader(scratch)
                    .loadRoutes(ResourceHelper.fromString(name, yaml));
        } catch (Exception e) {
            return new Outcome("failed", "routes file refused, old routes keep running: " + rootMessage(e));
        }
        Set<String> ids = PluginHelper.getRoutesLoader(camel)
                .updateRoutes(ResourceHelper.fromString(name, yaml));
        return new Outcome("applied", "routes " + ids + " running");
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = String.valueOf(t.getMessage());
        return m.length() > 300 ? m.substring(0, 300) + "…" : m;
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
        Path next = dir.resolve("next.pkg");
        Files.move(staged, next, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new Outcome("downloaded", "verified (key " + check.keyFingerprint() + ") and staged as " + next
                + "; the current package is kept until the supervisor installs it");
    }
}
