package io.bufferhub.hub.http;

import io.bufferhub.common.Json;
import io.bufferhub.common.Problem;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/** Sends RFC 9457 problems straight from Vert.x handlers (answers given before Camel sees the request). */
public final class HttpProblems {

    /** What of an unwanted body is read and dropped before closing, at most (bytes, milliseconds). */
    private static final int DRAIN_BYTES = 64 * 1024;
    private static final long DRAIN_MS = 1000;

    private HttpProblems() {
    }

    public static void send(RoutingContext ctx, Problem problem) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.headWritten()) {
            return;
        }
        HttpServerRequest request = ctx.request();
        response.setStatusCode(problem.status());
        response.putHeader("Content-Type", "application/problem+json");
        if (problem.retryAfterSeconds() != null) {
            response.putHeader("Retry-After", Long.toString(problem.retryAfterSeconds()));
        }
        if (problem.status() == 401) {
            String scheme = request.path().startsWith("/admin") ? "Bearer realm=\"bufferhub-admin\""
                    : "Basic realm=\"bufferhub\", charset=\"UTF-8\"";
            response.putHeader("WWW-Authenticate", scheme);
        }
        boolean close = closeIfBodyUnread(request, response);
        response.end(Json.write(problem.toMap()));
        if (close) {
            closeAfterDraining(ctx.vertx(), request); // else the connection idles until the idle timeout
        }
    }

    /** Renders a status Vert.x itself decided (no route, wrong method, body too large, …). */
    public static void sendStatus(RoutingContext ctx, int status, long maxBodyBytes) {
        Problem p = switch (status) {
            case 404 -> new Problem(404, "not-found", "Not Found", "path: no resource at " + safePath(ctx));
            case 405 -> new Problem(405, "method-not-allowed", "Method Not Allowed",
                    "method: " + ctx.request().method() + " is not allowed on " + safePath(ctx));
            case 413 -> new Problem(413, "payload-too-large", "Content Too Large",
                    "body: larger than the hub's limit of " + maxBodyBytes + " bytes");
            case 417 -> new Problem(417, "expectation-failed", "Expectation Failed",
                    "Expect: only 100-continue is supported");
            case 400 -> new Problem(400, "bad-request", "Bad Request", "request: malformed HTTP request");
            default -> new Problem(status >= 400 ? status : 500, "internal-error", "Internal Server Error",
                    "the hub failed unexpectedly; nothing was stored (see the hub log)");
        };
        send(ctx, p);
    }

    /**
     * For an answer given before the request body was read (a refusal, a redirect): says {@code Connection: close}
     * when a body was announced and not read, rather than draining an unknown amount of it; returns whether it did,
     * so that the caller can also close ({@link #closeAfterDraining}).
     */
    static boolean closeIfBodyUnread(HttpServerRequest request, HttpServerResponse response) {
        if (!request.isEnded() && hasBody(request)) {
            response.putHeader("Connection", "close");
            return true;
        }
        return false;
    }

    /**
     * Closes the connection of a request whose body is unwanted, once its answer is sent. The header alone does not
     * do it: Vert.x keeps an HTTP/1.1 connection open when the request allowed it, and would wait for the body. A
     * client that sent {@code Expect: 100-continue} sends nothing more and the close follows at once when it closes,
     * else within a second. Whatever of the body is already on its way is read and dropped first (at most
     * 64 KiB or one second): closing a socket with unread input makes the kernel send a reset, which can destroy
     * the answer at the client before it is read.
     */
    static void closeAfterDraining(Vertx vertx, HttpServerRequest request) {
        HttpConnection connection = request.connection();
        if (request.isEnded()) {
            connection.close();
            return;
        }
        vertx.setTimer(DRAIN_MS, id -> connection.close());
        long[] drained = {0};
        try {
            request.handler(chunk -> {
                drained[0] += chunk.length();
                if (drained[0] > DRAIN_BYTES) {
                    connection.close();
                }
            });
            request.exceptionHandler(e -> connection.close());
            request.endHandler(v -> connection.close());
            request.resume();
        } catch (IllegalStateException alreadyRead) {
            connection.close();
        }
    }

    private static boolean hasBody(HttpServerRequest request) {
        String length = request.getHeader("Content-Length");
        return request.getHeader("Transfer-Encoding") != null || (length != null && !length.trim().equals("0"));
    }

    private static String safePath(RoutingContext ctx) {
        String p = ctx.request().path();
        String clean = p == null ? "" : p.replaceAll("[^\\x21-\\x7e]", "?");
        return clean.length() > 120 ? clean.substring(0, 120) + "…" : clean;
    }
}
