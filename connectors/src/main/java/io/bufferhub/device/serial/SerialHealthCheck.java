package io.bufferhub.device.serial;

import java.util.Map;
import java.util.function.Supplier;

import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * Camel health check of one serial consumer, built on camel-api only (camel-health's AbstractHealthCheck is
 * not on this module's classpath). The consumer exposes it through {@link org.apache.camel.health.HealthCheckAware},
 * which is how camel-health's consumer checks pick it up when an application adds camel-health; without it
 * the same data is available as {@link SerialHealth}.
 * <p>
 * DOWN while the port is unplugged: the route is alive and retrying, but nothing is being captured, which is
 * what an operator needs to see.
 */
public final class SerialHealthCheck implements HealthCheck {

    private final String id;
    private final Supplier<SerialHealth> health;
    private volatile boolean enabled = true;

    public SerialHealthCheck(String id, Supplier<SerialHealth> health) {
        this.id = id;
        this.health = health;
    }

    @Override
    public String getGroup() {
        return "serial";
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public boolean isLiveness() {
        return false; // an unplugged cable is not a reason to restart the JVM
    }

    @Override
    public Result call(Map<String, Object> options) {
        SerialHealth h = health.get();
        HealthCheckResultBuilder b = HealthCheckResultBuilder.on(this)
                .detail("serial.port", h.port())
                .detail("serial.connected", h.connected())
                .detail("serial.reconnects", h.reconnects())
                .detail("serial.failedAttempts", h.failedAttempts())
                .detail("serial.frames", h.frames())
                .detail("serial.since", h.since());
        if (h.lastError() != null) {
            b.detail("serial.lastError", h.lastError());
        }
        return h.connected() ? b.up().build()
                : b.down().message("serial port " + h.port() + " not connected"
                        + (h.lastError() == null ? "" : ": " + h.lastError())).build();
    }
}
