package io.bufferhub.sim.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on loopback that misbehaves on request, standing in for the networks devices live behind
 * (there is no netem here): refuse connections (hub down), cut connections now or after N upstream bytes
 * (a batch cut mid-body), delay every chunk, and silently drop connections idle longer than a limit (a
 * firewall that forgets idle flows). Bytes pass through unchanged otherwise, TLS included.
 */
public final class LoopbackProxy implements AutoCloseable {

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong cuts = new AtomicLong();
    private volatile boolean refuse;
    private volatile long cutAfterUpstreamBytes = -1;
    private volatile long delayMs;
    private volatile long idleDropMs = -1;
    private final Thread acceptor;

    public LoopbackProxy(String targetHost, int targetPort) throws IOException {
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        this.target = new InetSocketAddress(targetHost, targetPort);
        this.acceptor = new Thread(this::acceptLoop, "proxy-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Refuse (accept and close at once) new connections while true: the hub looks down. */
    public void refuse(boolean on) {
        this.refuse = on;
    }

    /** Cut each new connection after it carried this many bytes towards the hub; -1 = never. */
    public void cutAfterUpstreamBytes(long n) {
        this.cutAfterUpstreamBytes = n;
    }

    public void delayMs(long ms) {
        this.delayMs = ms;
    }

    /** Silently drop connections with no traffic for this long; -1 = never. */
    public void idleDropMs(long ms) {
        this.idleDropMs = ms;
    }

    /** Cuts every open connection now. */
    public void cutAll() {
        for (Socket s : open) {
            closeQuietly(s);
            cuts.incrementAndGet();
        }
    }

    public long connections() {
        return connections.get();
    }

    public long cuts() {
        return cuts.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                connections.incrementAndGet();
                if (refuse) {
                    closeQuietly(client);
                    continue;
                }
                Socket upstream = new Socket();
                upstream.connect(target, 2000);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                open.add(client);
                open.add(upstream);
                AtomicLong lastTraffic = new AtomicLong(System.nanoTime());
                AtomicBoolean silenced = new AtomicBoolean();
                pipe(client, upstream, true, lastTraffic, silenced);
                pipe(upstream, client, false, lastTraffic, silenced);
                watchIdle(client, upstream, lastTraffic, silenced);
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }

    private void pipe(Socket from, Socket to, boolean upstream, AtomicLong lastTraffic,
                      AtomicBoolean silenced) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16 * 1024];
            long carried = 0;
            try { // no try-with-resources: closing a socket's stream closes the socket, and a silenced flow must stay open
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buf)) > 0) {
                    lastTraffic.set(System.nanoTime());
                    long limit = cutAfterUpstreamBytes;
                    if (upstream && limit >= 0 && carried + n > limit) {
                        out.write(buf, 0, (int) Math.max(0, limit - carried));
                        out.flush();
                        cuts.incrementAndGet();
                        break;
                    }
                    if (delayMs > 0) {
                        Thread.sleep(delayMs);
                    }
                    out.write(buf, 0, n);
                    out.flush();
                    carried += n;
                }
            } catch (IOException | InterruptedException e) {
                // one side went away: close both
            } finally {
                // a silenced flow leaves the device's end open: it only learns by its own timeout
                if (!(silenced.get() && !upstream)) {
                    closeQuietly(to);
                }
                if (!(silenced.get() && upstream)) {
                    closeQuietly(from);
                }
                open.remove(from);
                open.remove(to);
            }
        }, "proxy-pipe");
        t.setDaemon(true);
        t.start();
    }

    private void watchIdle(Socket a, Socket b, AtomicLong lastTraffic, AtomicBoolean silenced) {
        Thread t = new Thread(() -> {
            while (!a.isClosed() && !b.isClosed()) {
                long limit = idleDropMs;
                if (limit >= 0 && System.nanoTime() - lastTraffic.get() > limit * 1_000_000) {
                    // a firewall forgetting the flow: the device gets no FIN and no RST, traffic just stops
                    silenced.set(true);
                    open.remove(a);
                    open.remove(b);
                    closeQuietly(b);
                    cuts.incrementAndGet();
                    return;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "proxy-idle");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        cutAll();
    }
}
