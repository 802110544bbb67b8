package io.bufferhub.device.push;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;

import com.fasterxml.jackson.databind.JsonNode;
import io.bufferhub.common.Json;
import io.bufferhub.common.PinnedTrust;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device's line to the hub: sends one request with its credentials, follows redirects (PROTOCOL.md §6),
 * pins server certificates (§8) and keeps the clock offset (§2). Pushes, pings and update checks all go
 * through one instance, so they share the redirected base and the refused-fingerprint report. Thread-safe.
 *
 * <p>Base tracking: requests go to the {@link #currentBase() current base}, which is the configured
 * {@code mainUrl}, replaced for good by the target of a {@code 308} (kept across restarts through
 * {@link #onPermanentRedirect} and {@link #restorePermanentBase}: {@link PermanentRedirectStore}), and
 * overridden by the target of a {@code 307} until 5 connection failures in a row there, 24 hours, or a restart
 * (nothing about a {@code 307} is persisted). The new base is the {@code Location} minus the request's own path,
 * since a redirect names the same resource elsewhere.
 *
 * <p>Pinning applies to redirect targets too, because every TLS connection is made from the one
 * {@link SSLContext}; a refused certificate fails the handshake before a byte of the request is sent.
 */
public final class HubConnection implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(HubConnection.class);
    static final int MAX_REDIRECTS = 5;
    static final int TEMPORARY_FAILURE_LIMIT = 5;
    static final Duration TEMPORARY_LIMIT = Duration.ofHours(24);
    private static final Pattern REFUSED = Pattern.compile("sha256 ([0-9a-f]{64})");

    /** A final (non-redirect) answer; {@code base} is the base URL of the server that gave it. */
    public record Response(int status, Map<String, List<String>> headers, byte[] body, String base) {
        public String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? null : v.get(0);
        }

        /** The body as a JSON object when it is one ({@code application/json} or {@code problem+json}), else null. */
        public JsonNode json() {
            String type = header("content-type");
            if (type == null || !type.toLowerCase(Locale.ROOT).contains("json") || body.length == 0) {
                return null;
            }
            try {
                JsonNode n = Json.MAPPER.readTree(body);
                return n != null && n.isObject() ? n : null;
            } catch (IOException e) {
                return null;
            }
        }
    }

    /** A redirect that cannot be followed: a loop, no or a relative {@code Location}, a downgrade to http. */
    public static final class RedirectException extends IOException {
        RedirectException(String message) {
            super(message);
        }
    }

    /**
     * Cancels the requests it is passed to: {@link #abort()} closes the connection in use (the blocked call then
     * throws at once) and makes every later request with it fail before connecting. One per run of a loop.
     */
    public static final class Abort {
        private boolean aborted;
        private Closeable current;

        public void abort() {
            Closeable c;
            synchronized (this) {
                aborted = true;
                c = current;
                current = null;
            }
            closeQuietly(c);
        }

        public synchronized boolean aborted() {
            return aborted;
        }

        /** The connection now in use; closed at once when already aborted. */
        void attach(Closeable c) {
            boolean late;
            synchronized (this) {
                late = aborted;
                current = late ? null : c;
            }
            if (late) {
                closeQuietly(c);
            }
        }

        synchronized void detach() {
            current = null;
        }

        private static void closeQuietly(Closeable c) {
            if (c != null) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
    }

    private final PushSettings settings;
    private final Http1Client http;
    private final String authorization;
    private final Set<String> warnedFingerprints = ConcurrentHashMap.newKeySet();
    private volatile String lastRefusedFingerprint;
    private volatile long clockOffsetMs;
    private volatile boolean clockKnown;
    private final RedirectMemory bases;

    public HubConnection(PushSettings settings) {
        this.settings = settings;
        SSLContext ssl;
        try {
            ssl = settings.pins().isEmpty() ? SSLContext.getDefault() : PinnedTrust.sslContext(settings.pins());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        this.http = new Http1Client(ssl.getSocketFactory(), settings.pins().isEmpty(), settings.connectTimeoutMs(),
                settings.requestTimeoutMs());
        this.bases = new RedirectMemory(settings.mainUrl(), settings.clock());
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (settings.serial() + ":" + settings.secret()).getBytes(StandardCharsets.UTF_8));
    }

    public PushSettings settings() {
        return settings;
    }

    /**
     * Sends a request to {@code currentBase() + path} and follows up to {@value #MAX_REDIRECTS} redirects in a
     * row, repeating method, headers and body.
     *
     * @param path           from the base, starting with {@code /}, e.g. {@code /devices/S1/batches/7}
     * @param headers        request headers besides {@code Authorization}, {@code X-Device-Name}, {@code Host},
     *                       {@code Content-Length} and {@code Expect}, which are set here
     * @param expectContinue send {@code Expect: 100-continue} so a hub can refuse or redirect before the body
     * @throws RedirectException the redirects could not be followed
     * @throws IOException       no answer (connection, TLS or timeout failure)
     */
    public Response exchange(String method, String path, Map<String, String> headers, byte[] body,
            boolean expectContinue) throws IOException {
        return exchange(method, path, headers, body, expectContinue, settings.requestTimeoutMs(), null);
    }

    /**
     * As {@link #exchange(String, String, Map, byte[], boolean)} with a request timeout of its own (per hop)
     * instead of {@link PushSettings#requestTimeoutMs()}, and an optional {@link Abort}: a held heartbeat ping
     * waits {@code H + 30 s} for its answer, and stopping the agent must not wait that long.
     *
     * @throws InterruptedIOException (not a {@link java.net.SocketTimeoutException}) when aborted
     */
    public Response exchange(String method, String path, Map<String, String> headers, byte[] body,
            boolean expectContinue, int requestTimeoutMs, Abort abort) throws IOException {
        if (requestTimeoutMs <= 0) {
            throw new IllegalArgumentException("requestTimeoutMs must be positive");
        }
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Authorization", authorization);
        if (settings.deviceName() != null) {
            all.put("X-Device-Name", settings.deviceName());
        }
        all.putAll(headers);
        String startBase = currentBase();
        String base = startBase;
        URI uri = URI.create(startBase + path);
        String pendingTemporary = null;
        String pendingPermanent = null;
        for (int redirects = 0; ; redirects++) {
            long sent = settings.clock().millis();
            Http1Client.Response r;
            try {
                if (abort != null && abort.aborted()) {
                    throw new InterruptedIOException(method + " " + path + " aborted");
                }
                r = http.send(uri, method, all, body, expectContinue, requestTimeoutMs, abort);
            } catch (IOException e) {
                noteRefusal(e, uri);
                bases.commit(pendingTemporary, pendingPermanent);
                if (abort == null || !abort.aborted()) {
                    bases.connectionFailed(base);
                }
                throw e;
            }
            long received = settings.clock().millis();
            if (r.status() != 307 && r.status() != 308) {
                bases.commit(pendingTemporary, pendingPermanent);
                bases.answered(base);
                Response answer = new Response(r.status(), r.headers(), r.body(), base);
                noteClock(answer, sent, received);
                return answer;
            }
            if (redirects == MAX_REDIRECTS) {
                bases.abandon(startBase);
                String msg = "redirect loop: more than " + MAX_REDIRECTS + " redirects in a row for " + method + " "
                        + path + ", last to " + r.header("location");
                LOG.error(msg);
                throw new RedirectException(msg);
            }
            URI target;
            try {
                target = target(uri, r);
            } catch (RedirectException e) {
                bases.abandon(startBase);
                throw e;
            }
            String newBase = baseOf(target, path);
            if (newBase == null) {
                LOG.warn("{} to {} is not the same resource ({}); followed for this request only", r.status(), target,
                        path);
            } else if (r.status() == 307) {
                pendingTemporary = newBase;
            } else {
                pendingPermanent = newBase;
                pendingTemporary = null;
            }
            LOG.debug("{} {}: {} to {}", method, uri, r.status(), target);
            base = newBase;
            uri = target;
        }
    }

    /** Where the next request goes: a 307 target still in force, else the 308 target, else the main URL. */
    public String currentBase() {
        return bases.current();
    }

    /** The base a {@code 308} set (to persist in the configuration), or null. */
    public String permanentBase() {
        return bases.permanent();
    }

    /**
     * Starts from a {@code 308} base kept from an earlier run ({@link PermanentRedirectStore}, which checked that
     * it was learned under the same settings). Call before the first request.
     */
    public void restorePermanentBase(String base) {
        bases.restore(PushSettings.normalizeBase(base));
    }

    /** Called with the new base after each {@code 308} that changes it, outside any lock. */
    public void onPermanentRedirect(Consumer<String> listener) {
        bases.onPermanent(listener);
    }

    /** {@code serverTime − (sent + received) / 2} of the latest answer with a JSON serverTime; 0 before any. */
    public long clockOffsetMs() {
        return clockOffsetMs;
    }

    public boolean clockOffsetKnown() {
        return clockKnown;
    }

    /** The SHA-256 (hex) of the latest server certificate refused by pinning, or null. */
    public String lastRefusedFingerprint() {
        return lastRefusedFingerprint;
    }

    @Override
    public void close() {
        http.close();
    }

    private static URI target(URI from, Http1Client.Response r) throws RedirectException {
        String loc = r.header("location");
        if (loc == null || loc.isBlank()) {
            throw redirectError(r.status() + " from " + from + " without Location");
        }
        URI target;
        try {
            target = new URI(loc.trim());
        } catch (URISyntaxException e) {
            throw redirectError(r.status() + " from " + from + " with a malformed Location: " + loc);
        }
        String scheme = target.getScheme();
        if (!target.isAbsolute() || target.getHost() == null
                || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw redirectError(r.status() + " from " + from + ": Location must be an absolute http(s) URL, got "
                    + loc);
        }
        if (from.getScheme().equalsIgnoreCase("https") && scheme.equalsIgnoreCase("http")) {
            // the credentials would go out in clear text and pinning would be bypassed
            throw redirectError(r.status() + " from " + from + " to plain http refused: " + loc);
        }
        return target;
    }

    private static RedirectException redirectError(String msg) {
        LOG.error(msg);
        return new RedirectException(msg);
    }

    /** The base of {@code target} when it names {@code path} (query and fragment ignored), else null. */
    static String baseOf(URI target, String path) {
        String p = target.getRawPath();
        if (p == null || !p.endsWith(path)) {
            return null;
        }
        return target.getScheme().toLowerCase(Locale.ROOT) + "://" + target.getRawAuthority()
                + p.substring(0, p.length() - path.length());
    }

    private void noteClock(Response r, long sent, long received) {
        JsonNode json = r.json();
        JsonNode t = json == null ? null : json.get("serverTime");
        if (t != null && t.isIntegralNumber()) {
            clockOffsetMs = t.asLong() - (sent + received) / 2;
            clockKnown = true;
        }
    }

    private void noteRefusal(IOException e, URI uri) {
        Throwable t = e;
        for (int depth = 0; t != null && depth < 10; depth++, t = t.getCause()) {
            Matcher m = t.getMessage() == null ? null : REFUSED.matcher(t.getMessage());
            if (m != null && m.find()) {
                String fp = m.group(1);
                lastRefusedFingerprint = fp;
                if (warnedFingerprints.add(fp)) {
                    LOG.warn("server certificate of {} refused by pinning: sha256 {} (approve it with a config update "
                            + "if it is the hub's)", Http1Client.origin(uri), fp);
                }
                return;
            }
        }
        LOG.debug("{} failed: {}", uri, e.toString());
    }
}
