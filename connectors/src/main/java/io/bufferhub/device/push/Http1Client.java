package io.bufferhub.device.push;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A minimal blocking HTTP/1.1 client: one request per call, {@code Content-Length} bodies, responses with
 * {@code Content-Length}, chunked or read-to-close bodies, a small keep-alive pool per origin.
 *
 * <p>Why not {@code java.net.http.HttpClient}: on JDK 17 its {@code Expect: 100-continue} support is broken
 * in exactly the case PROTOCOL.md §6 relies on — a hub (Vert.x, which does not send {@code 100} by itself)
 * answering {@code 307}/{@code 401}/{@code 413} <em>instead of</em> {@code 100}. Seen on 17.0.15: the JDK
 * client hangs for ever (past its own request timeout) when that answer has a body — it reads the body twice,
 * see JDK-8286171 — and when it has none it returns the connection to its pool although the announced body was
 * never sent, so the server reads the next request as that body. Here a final answer before {@code 100} closes the connection, as RFC 9110 §10.1.1
 * requires; when no answer comes within {@link #CONTINUE_WAIT_MS} the body is sent anyway.
 *
 * <p>Every TLS connection uses the one {@link SSLSocketFactory} given, so redirect targets get the same
 * pinning as the configured hub. A watchdog closes the socket when the request timeout passes, so a peer that
 * stops reading (or writing) cannot block a device thread for ever.
 */
final class Http1Client implements Closeable {

    /** How long to wait for {@code 100 Continue} (or a final answer) before sending the body anyway. */
    static final int CONTINUE_WAIT_MS = 3000;
    private static final long IDLE_KEEP_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final int IDLE_PER_ORIGIN = 4;
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bufferhub-http-watchdog");
        t.setDaemon(true);
        return t;
    });

    /** A final answer: header names in lower case, values in order of arrival. */
    record Response(int status, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? null : v.get(0);
        }
    }

    private static final class Conn {
        final String origin;
        final Socket socket;
        final InputStream in;
        final Http1Reader reader;
        final OutputStream out;
        volatile boolean timedOut;
        boolean reusable = true;
        long idleSince;

        Conn(String origin, Socket socket) throws IOException {
            this.origin = origin;
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream(), 8192);
            this.reader = new Http1Reader(in, origin);
            this.out = new BufferedOutputStream(socket.getOutputStream(), 16384);
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private final SSLSocketFactory tls;
    private final boolean verifyHostname;
    private final int connectTimeoutMs;
    private final int requestTimeoutMs;
    private final Map<String, Deque<Conn>> idle = new HashMap<>();

    /**
     * @param verifyHostname check the certificate's names against the host (CA trust); off with pinning,
     *                       where the pinned fingerprint is the server's identity
     */
    Http1Client(SSLSocketFactory tls, boolean verifyHostname, int connectTimeoutMs, int requestTimeoutMs) {
        this.tls = tls;
        this.verifyHostname = verifyHostname;
        this.connectTimeoutMs = connectTimeoutMs;
        this.requestTimeoutMs = requestTimeoutMs;
    }

    /**
     * Sends one request. A pooled connection that fails before any byte of the answer arrived (the server
     * closed it while idle) is replaced once by a fresh one; device requests are idempotent by protocol.
     */
    Response send(URI uri, String method, Map<String, String> headers, byte[] body, boolean expectContinue)
            throws IOException {
        return send(uri, method, headers, body, expectContinue, requestTimeoutMs, null);
    }

    /**
     * As {@link #send(URI, String, Map, byte[], boolean)} with its own request timeout (a held heartbeat ping
     * needs {@code H + 30 s}, far more than a push) and an optional {@link HubConnection.Abort} that closes the
     * connection in use, so a thread blocked on a long answer can be released at once.
     */
    Response send(URI uri, String method, Map<String, String> headers, byte[] body, boolean expectContinue,
            int timeoutMs, HubConnection.Abort abort) throws IOException {
        Response r = send0(uri, method, headers, body, expectContinue, timeoutMs, abort);
        if (expectContinue && r.status() == 417) { // RFC 9110 §10.1.1: repeat without the expectation
            r = send0(uri, method, headers, body, false, timeoutMs, abort);
        }
        return r;
    }

    private Response send0(URI uri, String method, Map<String, String> headers, byte[] body, boolean expectContinue,
            int timeoutMs, HubConnection.Abort abort) throws IOException {
        String origin = origin(uri);
        Conn c = takeIdle(origin);
        if (c != null) {
            try {
                return exchange(c, uri, method, headers, body, expectContinue, timeoutMs, abort);
            } catch (IOException e) {
                if (c.reader.gotBytes || c.timedOut || abort != null && abort.aborted()) {
                    throw e;
                }
            }
        }
        return exchange(open(uri, origin), uri, method, headers, body, expectContinue, timeoutMs, abort);
    }

    private Response exchange(Conn c, URI uri, String method, Map<String, String> headers, byte[] body,
            boolean expectContinue, int timeoutMs, HubConnection.Abort abort) throws IOException {
        ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> {
            c.timedOut = true;
            c.close();
        }, timeoutMs, TimeUnit.MILLISECONDS);
        boolean ok = false;
        try {
            if (abort != null) {
                abort.attach(c::close);
            }
            c.socket.setSoTimeout(timeoutMs);
            Response r = exchange0(c, uri, method, headers, body, expectContinue && body.length > 0, timeoutMs);
            ok = true;
            return r;
        } catch (IOException e) {
            if (abort != null && abort.aborted()) {
                throw new InterruptedIOException("request to " + c.origin + " aborted");
            }
            if (c.timedOut) {
                throw new SocketTimeoutException("no answer from " + c.origin + " within " + timeoutMs + " ms");
            }
            throw e;
        } finally {
            if (abort != null) {
                abort.detach();
            }
            watchdog.cancel(false);
            if (ok && c.reusable && !c.timedOut) {
                putIdle(c);
            } else {
                c.close();
            }
        }
    }

    private Response exchange0(Conn c, URI uri, String method, Map<String, String> headers, byte[] body,
            boolean expectContinue, int timeoutMs) throws IOException {
        StringBuilder head = new StringBuilder(512);
        String target = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            target += "?" + uri.getRawQuery();
        }
        head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(uri.getRawAuthority()).append("\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(clean(v)).append("\r\n"));
        if (body.length > 0 || !method.equals("GET")) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        if (expectContinue) {
            head.append("Expect: 100-continue\r\n");
        }
        head.append("\r\n");
        c.out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        c.out.flush();
        if (expectContinue && answerBeforeContinue(c, timeoutMs)) {
            Response r = readFinal(c, method, true);
            if (r != null) {
                c.reusable = false; // the announced body was never sent: the connection is out of step
                return r;
            }
        }
        if (body.length > 0) {
            try {
                c.out.write(body);
                c.out.flush();
            } catch (IOException e) {
                // the server may have answered (e.g. 413) and closed while we were still sending
                c.reusable = false;
                try {
                    return readFinal(c, method, false);
                } catch (IOException ignored) {
                    throw e;
                }
            }
        }
        return readFinal(c, method, false);
    }

    /** True when the server said something (100 or a final answer) within the continue wait. */
    private boolean answerBeforeContinue(Conn c, int timeoutMs) throws IOException {
        c.socket.setSoTimeout(Math.min(CONTINUE_WAIT_MS, timeoutMs));
        try {
            c.in.mark(1);
            int b = c.in.read();
            if (b < 0) {
                throw new IOException("connection closed before an answer to Expect: 100-continue");
            }
            c.in.reset();
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } finally {
            c.socket.setSoTimeout(timeoutMs);
        }
    }

    /**
     * Reads answers until a final one; with {@code stopAtContinue}, returns null at a {@code 100} (the caller
     * then sends the body).
     */
    private static Response readFinal(Conn c, String method, boolean stopAtContinue) throws IOException {
        while (true) {
            Http1Reader.Head head = c.reader.readHead();
            int code = head.status();
            if (code >= 100 && code < 200) {
                if (code == 100 && stopAtContinue) {
                    return null;
                }
                continue;
            }
            if (head.version().equals("HTTP/1.0") || Http1Reader.hasToken(head.headers().get("connection"), "close")) {
                c.reusable = false;
            }
            byte[] body = c.reader.readBody(method, head);
            if (c.reader.closeDelimited) {
                c.reusable = false;
            }
            return new Response(code, head.headers(), body);
        }
    }

    private Conn open(URI uri, String origin) throws IOException {
        String host = uri.getHost();
        if (host == null) {
            throw new IOException("no host in " + uri);
        }
        host = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        boolean https = uri.getScheme().equalsIgnoreCase("https");
        int port = uri.getPort() >= 0 ? uri.getPort() : https ? 443 : 80;
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), connectTimeoutMs);
            if (https) {
                SSLSocket ssl = (SSLSocket) tls.createSocket(s, host, port, true);
                if (verifyHostname) {
                    SSLParameters p = ssl.getSSLParameters();
                    p.setEndpointIdentificationAlgorithm("HTTPS");
                    ssl.setSSLParameters(p);
                }
                ssl.setSoTimeout(connectTimeoutMs);
                ssl.startHandshake(); // refused certificates fail here: not one byte of the request is sent
                s = ssl;
            }
            return new Conn(origin, s);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private synchronized Conn takeIdle(String origin) {
        Deque<Conn> q = idle.get(origin);
        long now = System.nanoTime();
        while (q != null && !q.isEmpty()) {
            Conn c = q.pollLast();
            if (now - c.idleSince < IDLE_KEEP_NANOS && !c.socket.isClosed()) {
                c.reader.gotBytes = false;
                return c;
            }
            c.close();
        }
        return null;
    }

    private synchronized void putIdle(Conn c) {
        Deque<Conn> q = idle.computeIfAbsent(c.origin, k -> new ArrayDeque<>());
        c.idleSince = System.nanoTime();
        q.addLast(c);
        while (q.size() > IDLE_PER_ORIGIN) {
            q.pollFirst().close();
        }
    }

    @Override
    public synchronized void close() {
        idle.values().forEach(q -> q.forEach(Conn::close));
        idle.clear();
    }

    static String origin(URI uri) {
        return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getRawAuthority().toLowerCase(Locale.ROOT);
    }

    /** Header values go out as ISO-8859-1; control characters (header injection) and others are replaced. */
    private static String clean(String v) {
        StringBuilder b = new StringBuilder(v.length());
        for (char ch : v.toCharArray()) {
            b.append(ch < 0x20 || ch == 0x7f ? ' ' : ch > 0xff ? '?' : ch);
        }
        return b.toString();
    }
}
