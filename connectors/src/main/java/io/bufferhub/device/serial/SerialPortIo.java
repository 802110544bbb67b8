package io.bufferhub.device.serial;

import java.io.IOException;

/**
 * The only door to serial hardware. Everything above it (framing, reconnect, retry) is tested against a fake;
 * {@link JSerialCommPort} is the real one. One instance stands for one port path and may be opened again
 * after {@link #close()} (re-plugged adapter).
 */
public interface SerialPortIo {

    /** Opens the port with these line settings; failures carry the OS error. */
    void open(SerialConfiguration settings) throws IOException;

    /**
     * Reads what is available, waiting at most {@code timeoutMs} for the first byte.
     *
     * @return bytes read (0 on timeout), or -1 when the port is gone (cable pulled, adapter re-enumerated)
     */
    int read(byte[] buf, int timeoutMs) throws IOException;

    /** Writes all bytes or throws. */
    void write(byte[] data) throws IOException;

    boolean isOpen();

    /** Releases the OS handle; safe to call twice or on a port that never opened. */
    void close();

    /** For logs and health: path and line settings. */
    String describe();

    /** Creates the (unopened) port for a path; the endpoint's is settable so tests can inject a fake. */
    @FunctionalInterface
    interface Factory {
        SerialPortIo create(String path);
    }
}
