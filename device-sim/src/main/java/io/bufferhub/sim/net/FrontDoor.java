package io.bufferhub.sim.net;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.bufferhub.hub.http.SelfSignedCertificate;

/**
 * A stand-in front door for redirect scenarios (PROTOCOL.md §6): answers every device request with 307 or 308
 * to the same path on the current target base, which a test can change mid-stream. HTTPS with its own
 * self-signed certificate, so pinning of redirect targets can be exercised.
 */
public final class FrontDoor implements AutoCloseable {

    private final HttpServer server;
    private final String fingerprint;
    private final AtomicLong redirects = new AtomicLong();
    private volatile String targetBase;
    private volatile int status = 307;

    public FrontDoor(Path tlsDir, String targetBase) throws Exception {
        this.targetBase = targetBase;
        SelfSignedCertificate.KeyStoreFile ks = SelfSignedCertificate.loadOrCreate(tlsDir);
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks.path())) {
            store.load(in, ks.password().toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, ks.password().toCharArray());
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), null, null);
        HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        https.setHttpsConfigurator(new HttpsConfigurator(ssl));
        https.createContext("/", this::redirect);
        https.setExecutor(Executors.newFixedThreadPool(4));
        https.start();
        this.server = https;
        this.fingerprint = ks.sha256Fingerprint();
    }

    /** e.g. {@code https://127.0.0.1:1234/bpp/v1}: where device requests are sent from now on. */
    public void target(String base, boolean permanent) {
        this.targetBase = base;
        this.status = permanent ? 308 : 307;
    }

    public String base() {
        return "https://127.0.0.1:" + server.getAddress().getPort() + "/bpp/v1";
    }

    public String fingerprint() {
        return fingerprint;
    }

    public long redirects() {
        return redirects.get();
    }

    private void redirect(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        String suffix = path.startsWith("/bpp/v1") ? path.substring("/bpp/v1".length()) : path;
        ex.getResponseHeaders().set("Location", targetBase + suffix);
        ex.getResponseHeaders().set("Connection", "close");
        redirects.incrementAndGet();
        ex.sendResponseHeaders(status, -1);
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
