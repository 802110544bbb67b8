package io.bufferhub.sim.push;

import io.bufferhub.common.PinnedTrust;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import javax.net.ssl.SSLSocket;

import io.bufferhub.common.ContentDigest;

/**
 * A push whose connection dies while the body is on the wire (PROTOCOL.md §3: "a connection cut while the
 * body is on the wire leaves nothing stored"). {@link HubClient} cannot do this on purpose, so the request is
 * written by hand on a raw socket, plain or pinned TLS: a correct head announcing the whole body, then only
 * part of it, then the connection is closed, so the hub sees the body end short of its {@code Content-Length}.
 */
public final class CutPush {

    private static final int TIMEOUT_MS = 10_000;

    private CutPush() {
    }

    /**
     * Sends the head of a push of {@code body} as seq {@code seq} (with the {@code Content-Length} and
     * {@code Content-Digest} of the whole body), then its first {@code bytesToSend} bytes, then closes.
     *
     * @param baseUrl the hub root as given to {@link HubClient}, {@code http://} or {@code https://}
     * @param pins    fingerprints accepted for HTTPS (PROTOCOL.md §8)
     * @throws IllegalArgumentException when {@code bytesToSend} is not less than the body length
     */
    public static void cut(String baseUrl, Set<String> pins, String serial, String secret, long seq, byte[] body,
                           int bytesToSend) throws IOException {
        if (bytesToSend < 0 || bytesToSend >= body.length) {
            throw new IllegalArgumentException("bytesToSend must be 0 … " + (body.length - 1) + ", got " + bytesToSend);
        }
        URI uri = URI.create(baseUrl);
        boolean tls = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        String prefix = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        String head = "POST " + prefix + "/bpp/v1/devices/" + serial + "/batches/" + seq + " HTTP/1.1\r\n"
                + "Host: " + uri.getHost() + ":" + port + "\r\n"
                + "Authorization: " + HubClient.basic(serial, secret) + "\r\n"
                + "Content-Type: text/plain; charset=US-ASCII\r\n"
                + ContentDigest.HEADER + ": " + ContentDigest.headerFor(body) + "\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "Connection: close\r\n\r\n";
        try (Socket socket = open(uri.getHost(), port, tls, pins)) {
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, bytesToSend);
            out.flush();
        }
    }

    private static Socket open(String host, int port, boolean tls, Set<String> pins) throws IOException {
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
            plain.setSoTimeout(TIMEOUT_MS);
            if (!tls) {
                return plain;
            }
            SSLSocket s = (SSLSocket) PinnedTrust.sslContext(pins).getSocketFactory()
                    .createSocket(plain, host, port, true);
            s.startHandshake();
            return s;
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }
}
