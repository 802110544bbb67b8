package io.bufferhub.device.push;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a device remembers of redirects (PROTOCOL.md §6): a {@code 307} base is used until
 * {@value HubConnection#TEMPORARY_FAILURE_LIMIT} connection failures in a row, 24 hours or a restart; a
 * {@code 308} base until the configuration changes (announced to listeners, which keep it on disk:
 * {@link PermanentRedirectStore}).
 */
final class RedirectMemory {

    private static final Logger LOG = LoggerFactory.getLogger(RedirectMemory.class);

    private final String mainUrl;
    private final Clock clock;
    private final List<Consumer<String>> permanentListeners = new CopyOnWriteArrayList<>();
    private String permanentBase;
    private String temporaryBase;
    private long temporarySinceMs;
    private int temporaryFailures;

    RedirectMemory(String mainUrl, Clock clock) {
        this.mainUrl = mainUrl;
        this.clock = clock;
    }

    synchronized String current() {
        if (temporaryBase != null && clock.millis() - temporarySinceMs >= HubConnection.TEMPORARY_LIMIT.toMillis()) {
            LOG.info("temporary redirect to {} is 24 hours old: back to {}", temporaryBase, home());
            temporaryBase = null;
        }
        return temporaryBase != null ? temporaryBase : home();
    }

    /** A 308 base kept from an earlier run under the same settings; not announced again. */
    synchronized void restore(String base) {
        permanentBase = base.equals(mainUrl) ? null : base;
        temporaryBase = null;
    }

    synchronized String permanent() {
        return permanentBase;
    }

    void onPermanent(Consumer<String> listener) {
        permanentListeners.add(listener);
    }

    private String home() {
        return permanentBase != null ? permanentBase : mainUrl;
    }

    /** Takes over the redirects a request followed; announces a new permanent base outside the lock. */
    void commit(String pendingTemporary, String pendingPermanent) {
        String announce = null;
        synchronized (this) {
            if (pendingPermanent != null && !pendingPermanent.equals(permanentBase)) {
                permanentBase = pendingPermanent;
                temporaryBase = null;
                announce = pendingPermanent;
                LOG.info("permanent redirect: the hub base is now {}", pendingPermanent);
            }
            if (pendingTemporary != null) {
                if (pendingTemporary.equals(home())) {
                    temporaryBase = null;
                } else if (!pendingTemporary.equals(temporaryBase)) {
                    temporaryBase = pendingTemporary;
                    temporarySinceMs = clock.millis();
                    temporaryFailures = 0;
                    LOG.info("temporary redirect: using {} until 5 connection failures or 24 hours", temporaryBase);
                }
            }
        }
        if (announce != null) {
            for (Consumer<String> l : permanentListeners) {
                try {
                    l.accept(announce);
                } catch (RuntimeException e) {
                    LOG.error("permanent redirect listener failed", e);
                }
            }
        }
    }

    synchronized void connectionFailed(String base) {
        if (base != null && base.equals(temporaryBase) && ++temporaryFailures >= HubConnection.TEMPORARY_FAILURE_LIMIT) {
            LOG.warn("{} connection failures in a row at temporary base {}: back to {}", temporaryFailures,
                    temporaryBase, home());
            temporaryBase = null;
        }
    }

    synchronized void answered(String base) {
        if (base != null && base.equals(temporaryBase)) {
            temporaryFailures = 0;
        }
    }

    /**
     * A redirect chain that went wrong (loop, bad Location) drops the temporary base it started from: the main
     * URL decides afresh next time. Redirects seen in the failed chain are not taken over.
     */
    synchronized void abandon(String startBase) {
        if (startBase.equals(temporaryBase)) {
            temporaryBase = null;
        }
    }
}
