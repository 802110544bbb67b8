package io.bufferhub.hub.updates;

import java.util.Locale;

/**
 * A single {@code Range: bytes=…} request resolved against a payload of known size (RFC 9110 §14). Devices
 * resume an interrupted download with {@code bytes=a-}; {@code a-b} and {@code -n} are served too.
 *
 * <p>Only one range is served. A header the hub does not understand (another unit, bad syntax, several ranges)
 * is ignored and the whole payload sent with {@code 200}, as RFC 9110 §14.2 allows: the device always gets
 * correct bytes, at worst more of them. A well-formed range that starts at or beyond the end is
 * {@link Kind#UNSATISFIABLE} ({@code 416}).
 */
public record ByteRange(Kind kind, long first, long last) {

    public enum Kind {
        /** No usable Range: send everything with 200. */
        WHOLE,
        /** Send bytes {@code first … last} (inclusive) with 206. */
        PARTIAL,
        /** Answer 416 with {@code Content-Range: bytes *}{@code /size}. */
        UNSATISFIABLE
    }

    private static final ByteRange ALL = new ByteRange(Kind.WHOLE, -1, -1);
    private static final ByteRange UNSATISFIED = new ByteRange(Kind.UNSATISFIABLE, -1, -1);

    public long length() {
        return last - first + 1;
    }

    /** {@code Content-Range} value for a 206 answer. */
    public String contentRange(long size) {
        return "bytes " + first + "-" + last + "/" + size;
    }

    /** {@code Content-Range} value for a 416 answer. */
    public static String unsatisfiedRange(long size) {
        return "bytes */" + size;
    }

    /**
     * Resolves {@code header} (may be null) against a payload of {@code size} bytes.
     */
    public static ByteRange parse(String header, long size) {
        if (header == null) {
            return ALL;
        }
        String h = header.trim();
        int eq = h.indexOf('=');
        if (eq < 0 || !h.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("bytes")) {
            return ALL; // unknown range unit: MUST be ignored
        }
        String spec = h.substring(eq + 1).trim();
        if (spec.indexOf(',') >= 0) {
            return ALL; // several ranges: served whole rather than as multipart/byteranges
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return ALL;
        }
        String from = spec.substring(0, dash).trim();
        String to = spec.substring(dash + 1).trim();
        if (from.isEmpty()) {
            long suffix = digits(to);
            if (suffix < 0) {
                return ALL;
            }
            if (suffix == 0 || size == 0) {
                return UNSATISFIED;
            }
            return new ByteRange(Kind.PARTIAL, Math.max(0, size - suffix), size - 1);
        }
        long first = digits(from);
        long last = to.isEmpty() ? Long.MAX_VALUE : digits(to);
        if (first < 0 || last < 0 || last < first) {
            return ALL; // invalid range-spec: ignored
        }
        if (first >= size) {
            return UNSATISFIED;
        }
        return new ByteRange(Kind.PARTIAL, first, Math.min(last, size - 1));
    }

    /** A non-empty run of ASCII digits as a number (saturating at Long.MAX_VALUE), or -1. */
    private static long digits(String s) {
        if (s.isEmpty()) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n > (Long.MAX_VALUE - (c - '0')) / 10 ? Long.MAX_VALUE : n * 10 + (c - '0');
        }
        return n;
    }
}
