package io.bufferhub.hub.ingest;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Function;

import io.bufferhub.common.ContentDigest;
import io.bufferhub.common.Identifiers;
import io.bufferhub.common.Problem;

/**
 * The request line and headers of a push, checked before the body is read (PROTOCOL.md §3). Used twice:
 * by the HTTP guard, to refuse early (before {@code 100 Continue}), and by the ingest bean.
 */
public record BatchHeaders(long seq, String channel, String contentType, Charset charset, byte[] digest,
        Long capturedFrom, Long capturedTo, Double bufferUsed, Long lostBytes, String deviceName) {

    public static final String DEFAULT_CHANNEL = "main";

    /**
     * @param header looks a request header up by name (case-insensitive), null when absent
     */
    public static BatchHeaders parse(String seqText, Function<String, String> header) {
        long seq = Identifiers.parseSeq(seqText);
        if (seq < 0) {
            throw Problem.badRequest("malformed-seq", "seq: must be a decimal number 1 … 9223372036854775807, got '"
                    + abbreviate(seqText) + "'");
        }
        String channel = header.apply("X-Channel");
        if (channel == null) {
            channel = DEFAULT_CHANNEL;
        } else if (!Identifiers.isChannel(channel)) {
            throw Problem.badRequest("malformed-header", "X-Channel: 1-32 characters of A-Z a-z 0-9 . _ -");
        }
        String rawType = header.apply("Content-Type");
        String mime = rawType == null ? "application/octet-stream" : rawType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        Charset charset = charsetOf(mime, rawType);
        byte[] digest = ContentDigest.parseSha256(header.apply(ContentDigest.HEADER));
        Long from = time(header, "X-Captured-From");
        Long to = time(header, "X-Captured-To");
        Double used = percent(header.apply("X-Buffer-Used"));
        Long lost = nonNegative(header, "X-Lost-Bytes");
        String name = header.apply("X-Device-Name");
        if (name != null && name.length() > 128) {
            throw Problem.badRequest("malformed-header", "X-Device-Name: at most 128 characters");
        }
        return new BatchHeaders(seq, channel, rawType == null ? mime : rawType.trim(), charset, digest, from, to,
                used, lost, name);
    }

    /** The charset that turns the bytes into record text; US-ASCII is read as ISO-8859-1 so no byte is lost. */
    private static Charset charsetOf(String mime, String rawType) {
        if (mime.equals("application/octet-stream")) {
            return StandardCharsets.ISO_8859_1;
        }
        if (!mime.equals("text/plain")) {
            throw new Problem(415, "unsupported-media-type", "Unsupported Media Type",
                    "Content-Type: use text/plain or application/octet-stream, got '" + abbreviate(mime) + "'");
        }
        String cs = null;
        String[] parts = rawType.split(";");
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                cs = p.substring(8).trim().replace("\"", "");
            }
        }
        if (cs == null || cs.equalsIgnoreCase("us-ascii") || cs.equalsIgnoreCase("ascii")) {
            return StandardCharsets.ISO_8859_1;
        }
        try {
            return Charset.forName(cs);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new Problem(415, "unsupported-charset", "Unsupported Media Type",
                    "Content-Type: charset '" + abbreviate(cs) + "' is not supported");
        }
    }

    private static Long time(Function<String, String> header, String name) {
        String v = header.apply(name);
        if (v == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(v.trim()).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw Problem.badRequest("malformed-header", name + ": must be an RFC 3339 date-time, got '"
                    + abbreviate(v) + "'");
        }
    }

    private static Double percent(String v) {
        if (v == null) {
            return null;
        }
        try {
            double d = Double.parseDouble(v.trim().replace("%", ""));
            if (d >= 0 && d <= 100) {
                return d;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw Problem.badRequest("malformed-header", "X-Buffer-Used: must be a percentage 0 … 100, got '"
                + abbreviate(v) + "'");
    }

    private static Long nonNegative(Function<String, String> header, String name) {
        String v = header.apply(name);
        if (v == null) {
            return null;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw Problem.badRequest("malformed-header", name + ": must be a whole number ≥ 0, got '" + abbreviate(v) + "'");
    }

    static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        String clean = s.replaceAll("[\\p{Cntrl}]", "?");
        return clean.length() > 40 ? clean.substring(0, 40) + "…" : clean;
    }
}
