package io.bufferhub.hub.http;

import io.bufferhub.common.Json;
import io.bufferhub.common.Problem;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/** Sends RFC 9457 problems straight from Vert.x handlers (answers given before Camel sees the request). */
public final class HttpProblems {

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
        if (!request.isEnded() && hasBody(request)) {
            // the body was not read: close rather than drain an unknown amount of it
            response.putHeader("Connection", "close");
        }
        response.end(Json.write(problem.toMap()));
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
