package io.bufferhub.device.agent;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device's scripts: the Camel YAML routes file a {@code routes} update delivers (PROTOCOL.md §5). Each update
 * replaces the whole file — routes it no longer contains are removed — after a parse check in a scratch context,
 * so a broken file is refused and the old routes keep running. The accepted file is kept in the agent's work
 * folder ({@code scripts.camel.yaml}) and loaded again when the agent starts.
 */
final class DeviceScripts {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceScripts.class);
    private static final String FILE = "scripts.camel.yaml";

    private final CamelContext camel;
    private final Path file;

    DeviceScripts(CamelContext camel, Path workDir) {
        this.camel = camel;
        this.file = workDir.resolve(FILE);
    }

    /** Starts the scripts kept from the last update; a file that no longer loads is logged, not fatal. */
    void loadKept() {
        if (!Files.exists(file)) {
            return;
        }
        try {
            Set<String> ids = PluginHelper.getRoutesLoader(camel)
                    .updateRoutes(ResourceHelper.fromString(FILE, Files.readString(file, StandardCharsets.UTF_8)));
            LOG.info("Device scripts {} started from {}", ids, file);
        } catch (Exception e) {
            LOG.error("Device scripts in {} did not start (the agent runs without them): {}", file, e.toString());
        }
    }

    /** Replaces the running scripts with {@code yaml}; the outcome to report. */
    UpdateApplier.Outcome replace(String updateId, String yaml) throws Exception {
        Set<String> newIds;
        try {
            newIds = routeIds(yaml);
        } catch (Exception e) {
            return new UpdateApplier.Outcome("failed", "routes file refused, old routes keep running: " + rootMessage(e));
        }
        Set<String> gone = new HashSet<>();
        if (Files.exists(file)) {
            try {
                gone.addAll(routeIds(Files.readString(file, StandardCharsets.UTF_8)));
            } catch (Exception e) {
                LOG.warn("The kept scripts file {} no longer parses; its routes are not removed: {}", file, e.toString());
            }
        }
        gone.removeAll(newIds);
        for (String id : gone) {
            camel.getRouteController().stopRoute(id);
            camel.removeRoute(id);
        }
        Set<String> ids = PluginHelper.getRoutesLoader(camel)
                .updateRoutes(ResourceHelper.fromString("update-" + updateId + ".camel.yaml", yaml));
        Path tmp = file.resolveSibling(FILE + ".tmp");
        Files.writeString(tmp, yaml, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new UpdateApplier.Outcome("applied", "routes " + ids + " running" + (gone.isEmpty() ? "" : ", removed " + gone)
                + "; kept for restarts");
    }

    /** Parses {@code yaml} in a scratch context (nothing starts) and returns its route ids. */
    private static Set<String> routeIds(String yaml) throws Exception {
        try (DefaultCamelContext scratch = new DefaultCamelContext()) {
            PluginHelper.getRoutesLoader(scratch).loadRoutes(ResourceHelper.fromString("check.camel.yaml", yaml));
            List<RouteDefinition> defs = ((ModelCamelContext) scratch).getRouteDefinitions();
            Set<String> ids = new HashSet<>();
            for (RouteDefinition d : defs) {
                if (d.getRouteId() == null) {
                    throw new IllegalArgumentException("every device script route needs an id (to replace it later)");
                }
                ids.add(d.getRouteId());
            }
            return ids;
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = String.valueOf(t.getMessage());
        return m.length() > 300 ? m.substring(0, 300) + "…" : m;
    }
}
