package io.bufferhub.device.push;

import java.net.URI;
import java.time.Clock;
import java.util.Objects;
import java.util.Set;

import io.bufferhub.common.Identifiers;

/**
 * What a device needs to talk to its hub (PROTOCOL.md §1, §2, §8).
 *
 * @param serial           the device serial (HTTP Basic user)
 * @param secret           the device secret (HTTP Basic password)
 * @param deviceName       free text, at most 128 characters, sent as {@code X-Device-Name}; may be null
 * @param mainUrl          the configured base URL, e.g. {@code https://hub:8443/bpp/v1} (no trailing slash kept)
 * @param pins             SHA-256 fingerprints (hex, colons allowed) of approved server certificates; empty =
 *                         ordinary certificate-authority trust with host name checks
 * @param connectTimeoutMs TCP connect and TLS handshake limit
 * @param requestTimeoutMs limit for one request/answer exchange (one hop of a redirect chain)
 * @param backoffCapMs     upper bound of the exponential backoff (PROTOCOL.md §2: 5 minutes by default)
 * @param clock            time source for backoff, the 24-hour limit of a temporary redirect and clock offset
 */
public record PushSettings(String serial, String secret, String deviceName, String mainUrl, Set<String> pins,
        int connectTimeoutMs, int requestTimeoutMs, long backoffCapMs, Clock clock) {

    public static final int DEFAULT_CONNECT_TIMEOUT_MS = 15_000;
    public static final int DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
    public static final long DEFAULT_BACKOFF_CAP_MS = 300_000;

    public PushSettings {
        if (!Identifiers.isSerial(serial)) {
            throw new IllegalArgumentException("serial: 1-64 characters of A-Z a-z 0-9 . _ -");
        }
        Objects.requireNonNull(secret, "secret");
        if (deviceName != null && deviceName.length() > 128) {
            throw new IllegalArgumentException("deviceName: at most 128 characters");
        }
        mainUrl = normalizeBase(mainUrl);
        pins = Set.copyOf(Objects.requireNonNull(pins, "pins"));
        if (connectTimeoutMs <= 0 || requestTimeoutMs <= 0) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (backoffCapMs < Backoff.FIRST_MS) {
            throw new IllegalArgumentException("backoffCapMs: at least " + Backoff.FIRST_MS + ", got " + backoffCapMs);
        }
        Objects.requireNonNull(clock, "clock");
    }

    /** Settings with the default timeouts, backoff cap and the system clock. */
    public static PushSettings of(String serial, String secret, String deviceName, String mainUrl, Set<String> pins) {
        return new PushSettings(serial, secret, deviceName, mainUrl, pins, DEFAULT_CONNECT_TIMEOUT_MS,
                DEFAULT_REQUEST_TIMEOUT_MS, DEFAULT_BACKOFF_CAP_MS, Clock.systemUTC());
    }

    public PushSettings withTimeouts(int connectMs, int requestMs) {
        return new PushSettings(serial, secret, deviceName, mainUrl, pins, connectMs, requestMs, backoffCapMs, clock);
    }

    public PushSettings withClock(Clock c) {
        return new PushSettings(serial, secret, deviceName, mainUrl, pins, connectTimeoutMs, requestTimeoutMs,
                backoffCapMs, c);
    }

    public PushSettings withBackoffCap(long capMs) {
        return new PushSettings(serial, secret, deviceName, mainUrl, pins, connectTimeoutMs, requestTimeoutMs, capMs,
                clock);
    }

    public PushSettings withPins(Set<String> p) {
        return new PushSettings(serial, secret, deviceName, mainUrl, p, connectTimeoutMs, requestTimeoutMs,
                backoffCapMs, clock);
    }

    /** An absolute http(s) URL without trailing slash, query or fragment; IllegalArgumentException otherwise. */
    static String normalizeBase(String url) {
        Objects.requireNonNull(url, "mainUrl");
        String u = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        URI uri = URI.create(u);
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null
                || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("not an absolute http(s) base URL: " + url);
        }
        return u;
    }

    @Override
    public String toString() { // the secret stays out of logs
        return "PushSettings[serial=" + serial + ", deviceName=" + deviceName + ", mainUrl=" + mainUrl + ", pins="
                + pins + ", connectTimeoutMs=" + connectTimeoutMs + ", requestTimeoutMs=" + requestTimeoutMs
                + ", backoffCapMs=" + backoffCapMs + "]";
    }
}
