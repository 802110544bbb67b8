package io.bufferhub.device.push;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.bufferhub.hub.http.SelfSignedCertificate;

/**
 * A real local HTTP(S) server standing in for a hub in the push tests: it records every request it receives
 * (so a test can assert that nothing reached it) and answers with whatever the test's handler says. The JDK's
 * server answers {@code Expect: 100-continue} with {@code 100} by itself, so bodies always arrive here.
 */
final class TestHubServer implements AutoCloseable {

    record Received(String method, String path, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    record Reply(int status, Map<String, String> headers, String body) {
        static Reply json(int status, String body) {
            return new Reply(status, Map.of("Content-Type", status >= 400 ? "application/problem+json"
                    : "application/json"), body);
        }

        static Reply redirect(int status, String location) {
            return new Reply(status, location == null ? Map.of() : Map.of("Location", location), "");
        }

        static Reply stored(long seq) {
            return json(201, "{\"serial\":\"S1\",\"seq\":" + seq + ",\"records\":2,\"duplicate\":false,"
                    + "\"serverTime\":" + System.currentTimeMillis() + "}");
        }
    }

    interface Handler {
        Reply handle(Received r) throws Exception;
    }

    final List<Received> received = new CopyOnWriteArrayList<>();
    final String fingerprint;
    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private volatile Handler handler;

    private TestHubServer(HttpServer server, String fingerprint, Handler handler) {
        this.server = server;
        this.fingerprint = fingerprint;
        this.handler = handler;
        server.createContext("/", this::serve);
        server.setExecutor(pool);
        server.start();
    }

    static TestHubServer http(Handler h) throws IOException {
        return new TestHubServer(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0), null, h);
    }

    /** HTTPS with a self-signed certificate made (once) in {@code tlsDir}. */
    static TestHubServer https(Path tlsDir, Handler h) throws Exception {
        SelfSignedCertificate.KeyStoreFile ksf = SelfSignedCertificate.loadOrCreate(tlsDir);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ksf.path())) {
            ks.load(in, ksf.password().toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, ksf.password().toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        HttpsServer s = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        s.setHttpsConfigurator(new HttpsConfigurator(ctx));
        return new TestHubServer(s, ksf.sha256Fingerprint(), h);
    }

    void handler(Handler h) {
        this.handler = h;
    }

    /** The base URL devices are configured with, e.g. {@code http://127.0.0.1:4711/bpp/v1}. */
    String base() {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return scheme + "://127.0.0.1:" + server.getAddress().getPort() + "/bpp/v1";
    }

    /** {@code base()} plus the path a request of {@code r} went to below {@code /bpp/v1}. */
    String urlFor(Received r) {
        return base() + r.path().substring("/bpp/v1".length());
    }

    private void serve(HttpExchange ex) throws IOException {
        try (ex) {
            Map<String, String> headers = new LinkedHashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
            byte[] body = ex.getRequestBody().readAllBytes();
            Received r = new Received(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), headers, body);
            received.add(r);
            Reply reply;
            try {
                reply = handler.handle(r);
            } catch (Exception e) {
                reply = Reply.json(500, "{\"title\":\"test handler failed\",\"detail\":\"" + e + "\"}");
            }
            reply.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(reply.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(out);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
