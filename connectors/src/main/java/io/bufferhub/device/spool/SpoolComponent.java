package io.bufferhub.device.spool;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.support.DefaultComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code spool} component: a device's durable buffer ({@link Spool}) as a Camel endpoint. A producer
 * appends captured chunks, a consumer emits sealed batches one at a time until they are acknowledged.
 *
 * <p>There is one {@link Spool} per name per CamelContext, shared by all endpoints of that name, since two
 * writers on one directory would break the seq numbering. Its options may be spread over the URIs of the
 * name (the ones given explicitly are merged; disagreeing values are an error). The spool is opened on
 * first use (after the routes are built, so every URI has been seen) and closed when the last endpoint
 * using it stops. The component also runs each spool's seal timer (every {@code sealCheckMs},
 * {@link Spool#sealDue}) and the fsync flusher, on threads from Camel's ExecutorServiceManager.
 */
@org.apache.camel.spi.annotations.Component("spool")
public class SpoolComponent extends DefaultComponent {

    private static final Logger LOG = LoggerFactory.getLogger(SpoolComponent.class);

    /** Defaults for every spool endpoint of this component (a URI option overrides). */
    @Metadata
    private SpoolConfiguration configuration = new SpoolConfiguration();

    private final Map<String, Slot> slots = new HashMap<>();

    /** The shared state of one spool name. */
    private static final class Slot {
        final Map<String, Object> explicit = new LinkedHashMap<>();
        SpoolConfiguration effective;
        Spool spool;
        ScheduledExecutorService timer;
        int users;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (remaining == null || remaining.isBlank()) {
            throw new IllegalArgumentException("spool endpoint needs a name: spool:name?dir=...");
        }
        Map<String, Object> given = new HashMap<>();
        for (String key : SpoolConfiguration.SHARED) {
            if (parameters.containsKey(key)) {
                given.put(key, null);
            }
        }
        SpoolConfiguration config = configuration.copy();
        setProperties(config, parameters);
        config.toSettings(); // validates values now, with the URI at hand
        Map<String, Object> values = config.sharedValues();
        given.replaceAll((k, v) -> values.get(k));
        register(remaining, given);
        SpoolEndpoint endpoint = new SpoolEndpoint(uri, this, remaining, config);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    /** Merges the options a URI gave explicitly into the name's options, refusing disagreements. */
    private synchronized void register(String name, Map<String, Object> given) {
        Slot slot = slots.computeIfAbsent(name, n -> new Slot());
        for (Map.Entry<String, Object> e : given.entrySet()) {
            Object known = slot.effective != null ? slot.effective.sharedValues().get(e.getKey()) : slot.explicit.get(e.getKey());
            boolean conflict = slot.effective != null || slot.explicit.containsKey(e.getKey());
            if (conflict && !Objects.equals(known, e.getValue())) {
                throw new IllegalArgumentException("spool '" + name + "': " + e.getKey() + "=" + e.getValue()
                        + " disagrees with " + known + (slot.spool != null ? " of the spool already open" : " given on another URI"));
            }
            slot.explicit.put(e.getKey(), e.getValue());
        }
    }

    /** Opens the named spool on first use (and starts its timers), counting the user. */
    synchronized Spool acquire(String name) throws Exception {
        Slot slot = slots.computeIfAbsent(name, n -> new Slot());
        if (slot.spool == null) {
            SpoolConfiguration config = configuration.copy();
            setProperties(getCamelContext(), config, new HashMap<>(slot.explicit));
            if (config.getDir() == null || config.getDir().isBlank()) {
                throw new IllegalArgumentException("spool '" + name + "': option dir is required on one of its URIs");
            }
            ScheduledExecutorService timer = getCamelContext().getExecutorServiceManager()
                    .newSingleThreadScheduledExecutor(this, "spool-" + name);
            Spool spool;
            try {
                spool = Spool.open(Path.of(config.getDir()), config.toSettings(), timer);
            } catch (IOException | RuntimeException e) {
                getCamelContext().getExecutorServiceManager().shutdown(timer);
                throw e;
            }
            timer.scheduleWithFixedDelay(() -> sealDue(name, spool), config.getSealCheckMs(), config.getSealCheckMs(),
                    TimeUnit.MILLISECONDS);
            LOG.info("Spool '{}' open in {} ({})", name, spool.dir(), spool.settings());
            slot.spool = spool;
            slot.timer = timer;
            slot.effective = config;
        }
        slot.users++;
        return slot.spool;
    }

    /** Closes the named spool when its last user lets go. */
    synchronized void release(String name) {
        Slot slot = slots.get(name);
        if (slot == null || slot.spool == null || --slot.users > 0) {
            return;
        }
        getCamelContext().getExecutorServiceManager().shutdown(slot.timer);
        try {
            slot.spool.close();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Spool '{}': closing failed", name, e);
        }
        slot.spool = null;
        slot.timer = null;
        slot.effective = null;
    }

    private static void sealDue(String name, Spool spool) {
        try {
            spool.sealDue(System.currentTimeMillis());
        } catch (IllegalStateException closed) {
            // closing
        } catch (IOException | RuntimeException e) {
            LOG.error("Spool '{}': timed seal failed; will retry", name, e);
        }
    }

    @Override
    protected synchronized void doStop() throws Exception {
        for (String name : slots.keySet()) {
            Slot slot = slots.get(name);
            if (slot.spool != null) {
                slot.users = 1;
                release(name);
            }
        }
        slots.clear();
        super.doStop();
    }

    public SpoolConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(SpoolConfiguration configuration) {
        this.configuration = configuration;
    }
}
