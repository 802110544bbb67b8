package io.bufferhub.hub.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.bufferhub.common.Identifiers;
import io.bufferhub.common.Problem;
import io.bufferhub.hub.ingest.BatchHeaders;
import io.bufferhub.hub.redirect.RedirectBook;
import io.bufferhub.hub.redirect.RedirectRules;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs before any device request body is read (PROTOCOL.md §1, §3, §6 order): Basic authentication (401 whatever
 * the path), then the path serial's syntax (400) and ownership (403), the redirect rules, rate limit, then for
 * pushes the seq, size, type and digest headers. Only a request that passes reaches the body handler, which then
 * sends {@code 100 Continue}; a refusal or a redirect is the answer instead of {@code 100}. Covers every path under {@code /bpp/v1/devices/{serial}/} —
 * batches, ping (registered on the router after this guard), updates, payloads, status reports, diagnostics.
 *
 * <p>The redirect comes before the rate limit: §6 puts it right after authentication, a redirect stores nothing
 * (it is decided from memory; with other nodes on the database after one version read), and a device being moved
 * elsewhere should get its {@code Location} rather than a {@code 429} from a node it is leaving.
 */
public final class DeviceGuard implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceGuard.class);
    private static final Pattern BATCH_PATH = Pattern.compile("/bpp/v1/devices/[^/]+/batches/([^/]*)");
    private static final String DEVICE_BASE = "/bpp/v1";

    private final DeviceAuthenticator authenticator;
    private final RateLimiter rateLimiter;
    private final RedirectBook redirects;
    private final long maxBodyBytes;
    private final long bodyTimeoutMs;

    /** {@code redirects} may be null: no front door, every device is served here. */
    public DeviceGuard(DeviceAuthenticator authenticator, RateLimiter rateLimiter, RedirectBook redirects,
                       long maxBodyBytes, long bodyTimeoutMs) {
        this.authenticator = authenticator;
        this.rateLimiter = rateLimiter;
        this.redirects = redirects;
        this.maxBodyBytes = maxBodyBytes;
        this.bodyTimeoutMs = bodyTimeoutMs;
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String serial = ctx.pathParam("serial");
        String[] credentials = basicCredentials(request.getHeader("Authorization"));
        if (credentials == null || !Identifiers.isSerial(credentials[0])) {
            HttpProblems.send(ctx, unauthorized());
            return;
        }
        if (!request.isEnded()) {
            request.pause(); // the body waits until the device is known; the body handler resumes it
        }
        authenticator.authenticate(ctx.vertx(), credentials[0], credentials[1])
                .compose(auth -> redirects == null || auth.verdict() != DeviceAuthenticator.Verdict.OK
                        ? Future.succeededFuture(auth) : redirects.upToDate(ctx.vertx()).map(auth))
                .onComplete(ar -> {
            if (ar.failed()) {
                LOG.warn("Authentication lookup failed: {}", ar.cause().toString());
                HttpProblems.send(ctx, Problem.unavailable("database: cannot check credentials now, retry later", 5));
                return;
            }
            try {
                admit(ctx, serial, credentials[0], ar.result());
            } catch (Problem p) {
                HttpProblems.send(ctx, p);
            }
        });
    }

    private void admit(RoutingContext ctx, String pathSerial, String user, DeviceAuthenticator.Result auth) {
        switch (auth.verdict()) {
            case UNKNOWN, WRONG_SECRET -> throw unauthorized();
            case DISABLED -> throw new Problem(403, "device-disabled", "Forbidden",
                    "serial: device " + user + " is disabled");
            case OK -> {
                // authenticated
            }
        }
        // the path is looked at only once the caller is known (§6 order; §1: no credentials is 401 whatever the path)
        if (!Identifiers.isSerial(pathSerial)) {
            throw Problem.badRequest("malformed-serial",
                    "serial: a serial in the path is 1-64 characters of A-Z a-z 0-9 . _ -");
        }
        if (!user.equals(pathSerial)) {
            throw new Problem(403, "wrong-device", "Forbidden",
                    "serial: the credentials are not valid for the serial in the path");
        }
        RedirectRules.Redirect redirect = redirects == null ? null : redirects.decide(user, auth.name(), auth.group());
        if (redirect != null) {
            sendRedirect(ctx, redirect);
            return;
        }
        long wait = rateLimiter.acquire(user);
        if (wait > 0) {
            throw new Problem(429, "rate-limited", "Too Many Requests",
                    "serial: too many requests from this device, retry after " + wait + " s").retryAfter(wait);
        }
        HttpServerRequest request = ctx.request();
        Matcher batch = BATCH_PATH.matcher(request.path());
        if (request.method() == HttpMethod.POST && batch.matches()) {
            checkPushBeforeBody(request, batch.group(1));
            armBodyTimeout(ctx);
        }
        ctx.next();
    }

    /**
     * {@code 307}/{@code 308} to the same resource on the target: no body ({@code Content-Length: 0}), never
     * cached (a rule may change any moment), and the connection closed when a request body is still unread — with
     * {@code Expect: 100-continue} the device has sent none and takes it to {@code Location}. A request without a
     * body keeps its connection.
     */
    private static void sendRedirect(RoutingContext ctx, RedirectRules.Redirect redirect) {
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        String path = request.path();
        String location = redirect.location(path.startsWith(DEVICE_BASE) ? path.substring(DEVICE_BASE.length()) : path,
                request.query());
        LOG.debug("{} {} redirected ({}) to {}", request.method(), path, redirect.status(), location);
        response.setStatusCode(redirect.status())
                .putHeader("Location", location)
                .putHeader("Cache-Control", "no-store")
                .putHeader("Content-Length", "0");
        boolean close = HttpProblems.closeIfBodyUnread(request, response);
        response.end().onComplete(v -> {
            if (close) {
                HttpProblems.closeAfterDraining(ctx.vertx(), request);
            }
        });
    }

    private void checkPushBeforeBody(HttpServerRequest request, String seqText) {
        BatchHeaders.parse(seqText, request::getHeader);
        String length = request.getHeader("Content-Length");
        boolean chunked = request.getHeader("Transfer-Encoding") != null;
        if (length == null && !chunked) {
            throw new Problem(411, "length-required", "Length Required",
                    "Content-Length: required (or Transfer-Encoding: chunked)");
        }
        if (length != null) {
            long n;
            try {
                n = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                throw Problem.badRequest("malformed-header", "Content-Length: not a number");
            }
            if (n > maxBodyBytes) {
                throw new Problem(413, "payload-too-large", "Content Too Large",
                        "Content-Length: " + n + " bytes is over the hub's limit of " + maxBodyBytes + " bytes");
            }
            if (n == 0) {
                throw Problem.badRequest("empty-body", "body: a batch must hold at least one byte (Content-Length: 0)");
            }
        }
    }

    /** A body that trickles in slower than the limit is cut: nothing is stored, the device retries. */
    private void armBodyTimeout(RoutingContext ctx) {
        long timer = ctx.vertx().setTimer(bodyTimeoutMs, id -> {
            if (!ctx.request().isEnded()) {
                LOG.info("Closing a push whose body did not arrive within {} ms", bodyTimeoutMs);
                ctx.request().connection().close();
            }
        });
        ctx.addEndHandler(v -> ctx.vertx().cancelTimer(timer));
    }

    private static Problem unauthorized() {
        return new Problem(401, "unauthorized", "Unauthorized",
                "Authorization: HTTP Basic credentials of a registered device (user = serial) are required");
    }

    /** Returns {user, password}, or null when the header is absent or not Basic. */
    static String[] basicCredentials(String header) {
        if (header == null || header.length() < 7 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
