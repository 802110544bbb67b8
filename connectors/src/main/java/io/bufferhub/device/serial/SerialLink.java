package io.bufferhub.device.serial;

import java.io.IOException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One port handle plus what operators need to know about it: connected or not, the last error, how often it
 * came back, and the exponential backoff for the next attempt. Shared by consumer and producer so both
 * reconnect and log the same way.
 * <p>
 * Logging is per state change, not per attempt: a PBX cable unplugged over a weekend must produce two log
 * lines (lost, back), not 10,000; repeated failures with a new error text are logged once more at INFO.
 */
final class SerialLink {

    private static final Logger LOG = LoggerFactory.getLogger(SerialLink.class);

    private final String path;
    private final SerialPortIo.Factory factory;
    private final SerialConfiguration cfg;
    /** How this link comes back, for the log: consumers retry with backoff, producers on the next message. */
    private final String retryPolicy;

    private SerialPortIo io;
    private volatile boolean connected;
    private volatile String lastError;
    private volatile long lastChange = System.currentTimeMillis();
    private volatile long reconnects;
    private volatile long failedAttempts;
    private boolean everConnected;
    private boolean failureLogged;
    private long nextDelay;
    /** System.nanoTime() of the last successful open. */
    private long openedAt;

    SerialLink(String path, SerialPortIo.Factory factory, SerialConfiguration cfg, boolean backoff) {
        this.path = path;
        this.factory = factory;
        this.cfg = cfg;
        this.retryPolicy = backoff ? "retrying with backoff " + cfg.getReconnectDelayMs() + ".." + cfg.getMaxReconnectDelayMs()
                + " ms until it is back" : "reopening on the next message";
        this.nextDelay = cfg.getReconnectDelayMs();
    }

    /** The open port, opening it if needed. */
    synchronized SerialPortIo open() throws IOException {
        if (io != null && io.isOpen()) {
            return io;
        }
        if (io == null) {
            io = factory.create(path);
        }
        try {
            io.open(cfg);
        } catch (IOException | RuntimeException e) {
            io.close();
            failed(e);
            throw e instanceof IOException ioe ? ioe : new IOException(e.getMessage(), e);
        }
        if (everConnected) {
            reconnects++;
        }
        LOG.info("Serial port {} {}{}", io.describe(), everConnected ? "reconnected" : "opened",
                failedAttempts > 0 ? " after " + failedAttempts + " failed attempt(s)" : "");
        everConnected = true;
        connected = true;
        failureLogged = false;
        failedAttempts = 0;
        openedAt = System.nanoTime();
        lastChange = System.currentTimeMillis();
        return io;
    }

    /**
     * The port stopped working (read -1, write error): close it and record why. The backoff is only reset if
     * the connection had lasted, so a port that opens and fails at once does not reconnect in a hot loop.
     */
    synchronized void lost(String reason) {
        if (io != null) {
            io.close();
        }
        if (connected) {
            LOG.warn("Serial port {} lost: {}; {}", path, reason, retryPolicy);
            if ((System.nanoTime() - openedAt) / 1_000_000 >= cfg.getMaxReconnectDelayMs()) {
                nextDelay = cfg.getReconnectDelayMs();
            }
            failureLogged = true;
            lastChange = System.currentTimeMillis();
        }
        connected = false;
        lastError = reason;
    }

    private void failed(Exception e) {
        failedAttempts++;
        String text = e.getMessage();
        if (!failureLogged) {
            LOG.warn("Serial port {} cannot be opened: {}; {}", path, text, retryPolicy);
            failureLogged = true;
        } else if (text != null && !text.equals(lastError)) {
            LOG.info("Serial port {} still unavailable, now: {}", path, text);
        } else {
            LOG.debug("Serial port {} attempt {} failed: {}", path, failedAttempts, text);
        }
        if (connected) {
            lastChange = System.currentTimeMillis();
        }
        connected = false;
        lastError = text;
    }

    /** Delay before the next attempt; doubles on each call up to maxReconnectDelayMs. */
    synchronized long nextBackoff() {
        long d = nextDelay;
        nextDelay = Math.min(cfg.getMaxReconnectDelayMs(), nextDelay * 2);
        return d;
    }

    synchronized void close() {
        if (io != null) {
            io.close();
        }
        if (connected) {
            LOG.info("Serial port {} closed", path);
            lastChange = System.currentTimeMillis();
        }
        connected = false;
    }

    boolean isConnected() {
        return connected;
    }

    String getLastError() {
        return lastError;
    }

    long getReconnects() {
        return reconnects;
    }

    SerialHealth health(long frames) {
        return new SerialHealth(path, connected, lastError, reconnects, failedAttempts, frames, lastChange);
    }
}
