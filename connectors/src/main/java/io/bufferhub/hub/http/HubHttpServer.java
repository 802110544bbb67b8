package io.bufferhub.hub.http;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PfxOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.PlatformHttpConstants;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's one HTTP(S) server: Vert.x, with the timeouts and limits the protocol needs, device and operator
 * guards in front, and Camel's platform-http routes mounted on the same router. Idle connections hold no
 * thread; Camel route work runs on the worker pool.
 */
public final class HubHttpServer extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(HubHttpServer.class);
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);

    private final HttpSettings settings;
    private final Vertx vertx;
    private final Router router;
    private final ConcurrentHashMap<HttpConnection, Long> awaitingFirstRequest = new ConcurrentHashMap<>();
    private HttpServer server;

    public HubHttpServer(CamelContext camel, HttpSettings settings, Handler<RoutingContext> deviceGuard,
                         Handler<RoutingContext> adminGuard) {
        this.settings = settings;
        this.vertx = Vertx.vertx(new VertxOptions().setWorkerPoolSize(settings.workerThreads()));
        this.router = Router.router(vertx);
        router.route().handler(HubHttpServer::dateHeader).failureHandler(HubHttpServer::connectionGone);
        router.route("/bpp/v1/devices/:serial/*").handler(deviceGuard);
        router.route("/admin/*").handler(adminGuard);
        for (int status : new int[] {400, 404, 405, 413, 417, 500}) {
            router.errorHandler(status, ctx -> HttpProblems.sendStatus(ctx, status, settings.maxBodyBytes()));
        }
        long limit = settings.maxBodyBytes();
        VertxPlatformHttpRouter platformRouter =
                new VertxPlatformHttpRouter(null, vertx, router, VertxPlatformHttpRouter.PLATFORM_HTTP_ROUTER_NAME_ZERO) {
                    @Override
                    public Handler<RoutingContext> bodyHandler() {
                        // enforced while reading: a chunked body over the limit fails at that byte with 413
                        return BodyHandler.create(false).setBodyLimit(limit);
                    }
                };
        camel.getRegistry().bind(VertxPlatformHttpRouter.PLATFORM_HTTP_ROUTER_NAME_ZERO, platformRouter);
        // Camel CLI (camel run) adds an embedded platform-http server of its own (port 8080) and the default engine
        // would mount the routes on its router: served there, without the guards. This engine names the router
        // by the hub's port and that name leads here, so the routes mount on this server whoever runs the hub.
        camel.getRegistry().bind(VertxPlatformHttpRouter.getRouterNameFromPort(settings.port()), platformRouter);
        camel.getRegistry().bind(PlatformHttpConstants.PLATFORM_HTTP_ENGINE_NAME, new VertxPlatformHttpEngine() {
            @Override
            public int getServerPort() {
                return settings.port();
            }
        });
    }

    private static void dateHeader(RoutingContext ctx) {
        ctx.addHeadersEndHandler(v -> {
            if (!ctx.response().headers().contains("Date")) {
                ctx.response().putHeader("Date", HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC)));
            }
        });
        ctx.next();
    }

    /** A client that went away mid-request (a cut push) is routine: nothing to answer, nothing stored. */
    private static void connectionGone(RoutingContext ctx) {
        if (ctx.failure() instanceof HttpClosedException) {
            LOG.debug("Client closed the connection during {} {}", ctx.request().method(), ctx.request().path());
            return;
        }
        ctx.next();
    }

    /** The router, for handlers that must stay on Vert.x (held pings) rather than a Camel route. */
    public Router router() {
        return router;
    }

    public Vertx vertx() {
        return vertx;
    }

    public int port() {
        return server == null ? settings.port() : server.actualPort();
    }

    public String baseUrl(String host) {
        return (settings.tls() ? "https://" : "http://") + host + ":" + port();
    }

    /** Starts listening; called once the routes are in place, so no request meets an empty router. */
    public void listen() throws Exception {
        HttpServerOptions options = new HttpServerOptions()
                .setIdleTimeout(settings.idleTimeoutSeconds())
                .setIdleTimeoutUnit(TimeUnit.SECONDS)
                .setMaxHeaderSize(16 * 1024)
                .setMaxInitialLineLength(4096)
                .setCompressionSupported(false)
                .setHandle100ContinueAutomatically(false)
                .setTcpKeepAlive(true);
        if (settings.tls()) {
            options.setSsl(true).setKeyCertOptions(new PfxOptions()
                    .setPath(settings.keystore().toString()).setPassword(settings.keystorePassword()));
        }
        server = vertx.createHttpServer(options)
                .connectionHandler(this::expectRequestHead)
                .requestHandler(req -> {
                    Long timer = awaitingFirstRequest.remove(req.connection());
                    if (timer != null) {
                        vertx.cancelTimer(timer);
                    }
                    router.handle(req);
                });
        server.listen(settings.port(), settings.host()).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        LOG.info("Hub listening on {}:{} ({})", settings.host(), server.actualPort(), settings.tls() ? "HTTPS" : "HTTP");
    }

    /** Slow-header defence: a connection that has not sent a whole request head in time is closed. */
    private void expectRequestHead(HttpConnection conn) {
        long timer = vertx.setTimer(settings.headerTimeoutMs(), id -> {
            if (awaitingFirstRequest.remove(conn) != null) {
                conn.close();
            }
        });
        awaitingFirstRequest.put(conn, timer);
        conn.closeHandler(v -> {
            Long t = awaitingFirstRequest.remove(conn);
            if (t != null) {
                vertx.cancelTimer(t);
            }
        });
    }

    @Override
    protected void doStop() throws Exception {
        if (server != null) {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            server = null;
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
