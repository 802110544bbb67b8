package io.bufferhub.device.serial;

/**
 * Snapshot of a serial port's state, readable without JMX or camel-health (the device agent reports it to
 * the hub, tests assert on it). {@link SerialHealthCheck} turns it into a Camel health check result.
 *
 * @param port           configured port path
 * @param connected      the port is open and reading
 * @param lastError      why it last failed (OS error text), null if it never did
 * @param reconnects     how many times it came back after being lost
 * @param failedAttempts open attempts failed since it was last connected
 * @param frames         frames delivered by the consumer (0 for a producer)
 * @param since          epoch ms of the last connected/disconnected change
 */
public record SerialHealth(String port, boolean connected, String lastError, long reconnects, long failedAttempts,
        long frames, long since) {
}
