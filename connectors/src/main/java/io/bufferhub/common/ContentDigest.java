package io.bufferhub.common;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * RFC 9530 {@code Content-Digest} with the {@code sha-256} algorithm. The header is a structured-field
 * dictionary; other algorithms may be listed beside sha-256 and are ignored.
 */
public final class ContentDigest {

    public static final String HEADER = "Content-Digest";

    private ContentDigest() {
    }

    public static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    /** The header value a sender puts on {@code body}. */
    public static String headerFor(byte[] body) {
        return "sha-256=:" + Base64.getEncoder().encodeToString(sha256(body)) + ":";
    }

    /**
     * Extracts the sha-256 digest from a header value.
     *
     * @throws Problem 400 naming Content-Digest when the header is missing, malformed or lacks sha-256
     */
    public static byte[] parseSha256(String header) {
        if (header == null || header.isBlank()) {
            throw Problem.badRequest("missing-content-digest", HEADER + ": header is required (sha-256=:<base64>:)");
        }
        byte[] found = null;
        for (String member : header.split(",")) {
            String m = member.trim();
            int eq = m.indexOf('=');
            if (eq <= 0) {
                throw malformed("member '" + abbreviate(m) + "' is not key=:value:");
            }
            String key = m.substring(0, eq).trim();
            String value = m.substring(eq + 1).trim();
            int semi = value.indexOf(';'); // structured-field parameters are allowed and ignored
            if (semi >= 0) {
                value = value.substring(0, semi).trim();
            }
            if (value.length() < 2 || value.charAt(0) != ':' || value.charAt(value.length() - 1) != ':') {
                throw malformed("value of '" + abbreviate(key) + "' must be a byte sequence :<base64>:");
            }
            if (key.equals("sha-256")) {
                try {
                    found = Base64.getDecoder().decode(value.substring(1, value.length() - 1));
                } catch (IllegalArgumentException e) {
                    throw malformed("sha-256 value is not base64");
                }
                if (found.length != 32) {
                    throw malformed("sha-256 value must be 32 bytes, got " + found.length);
                }
            }
        }
        if (found == null) {
            throw malformed("no sha-256 member (sha-256=:<base64>:)");
        }
        return found;
    }

    private static Problem malformed(String why) {
        return Problem.badRequest("malformed-content-digest", HEADER + ": " + why);
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
