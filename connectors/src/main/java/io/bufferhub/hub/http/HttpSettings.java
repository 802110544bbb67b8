package io.bufferhub.hub.http;

import java.nio.file.Path;

/**
 * How the hub listens.
 *
 * @param keystore          PKCS12 file with the TLS key; null = self-signed one kept in {@code tlsDir}
 * @param idleTimeoutSeconds a connection silent this long is closed; must exceed maxHeartbeat + 60 s
 * @param headerTimeoutMs   a new connection must deliver its first request head within this time
 * @param bodyTimeoutMs     a push body must arrive completely within this time
 * @param workerThreads     threads that run Camel routes (database work); idle connections hold none
 */
public record HttpSettings(String host, int port, boolean tls, Path keystore, String keystorePassword, Path tlsDir,
        long maxBodyBytes, int idleTimeoutSeconds, long headerTimeoutMs, long bodyTimeoutMs, int workerThreads) {
}
