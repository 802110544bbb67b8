package io.bufferhub.hub.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 over a bare socket, for what ordinary clients will not do: no Content-Length, a huge declared
 * length with no body, Expect: 100-continue, a body cut halfway.
 */
public final class RawHttp implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    public RawHttp(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        out = socket.getOutputStream();
        in = socket.getInputStream();
    }

    public RawHttp write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return this;
    }

    public RawHttp write(byte[] bytes, int length) throws IOException {
        out.write(bytes, 0, length);
        out.flush();
        return this;
    }

    /** Reads one response head (status line and headers); returns it as text, or "" if the peer closed. */
    public String readHead() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            buf.write(b);
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
        }
        return buf.toString(StandardCharsets.ISO_8859_1);
    }

    /** Reads whatever arrives until the peer closes or {@code millis} pass. */
    public String readRest(int millis) throws IOException {
        socket.setSoTimeout(millis);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] chunk = new byte[4096];
        try {
            int n;
            while ((n = in.read(chunk)) > 0) {
                buf.write(chunk, 0, n);
            }
        } catch (SocketTimeoutException e) {
            // nothing more for now
        }
        return buf.toString(StandardCharsets.ISO_8859_1);
    }

    public static int status(String head) {
        if (!head.startsWith("HTTP/1.1 ")) {
            return -1;
        }
        return Integer.parseInt(head.substring(9, 12));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
