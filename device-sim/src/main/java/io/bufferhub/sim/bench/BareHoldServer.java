package io.bufferhub.sim.bench;

import java.nio.file.Files;
import java.nio.file.Path;

import io.bufferhub.hub.http.SelfSignedCertificate;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PfxOptions;

/**
 * The raw limit for {@code bench ping}: a bare Vert.x HTTPS server that holds every request open and answers
 * nothing — what holding a connection costs before any hub logic. Run as its own JVM; prints its port.
 */
public final class BareHoldServer {

    private BareHoldServer() {
    }

    public static void main(String[] args) throws Exception {
        SelfSignedCertificate.KeyStoreFile ks = SelfSignedCertificate.loadOrCreate(Files.createTempDirectory("bare-tls"));
        Vertx vertx = Vertx.vertx();
        var server = vertx.createHttpServer(new HttpServerOptions().setSsl(true)
                        .setKeyCertOptions(new PfxOptions().setPath(ks.path().toString()).setPassword(ks.password())))
                .requestHandler(req -> req.body()) // read the ping body, never answer: held like a ping
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
        Files.writeString(Path.of(args[0]), Integer.toString(server.actualPort()));
        Thread.currentThread().join();
    }
}
