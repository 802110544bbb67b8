package io.bufferhub.device.push;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads HTTP/1.x answers (status line, headers, body) from a connection, with limits on line length, header
 * count and body size, so a broken or hostile peer cannot exhaust a small device's memory.
 */
final class Http1Reader {

    private static final int MAX_LINE = 16 * 1024;
    private static final int MAX_HEADERS = 200;
    static final long MAX_BODY = 16L * 1024 * 1024;

    /** A status line with its headers (names in lower case). */
    record Head(String version, int status, Map<String, List<String>> headers) {
    }

    private final InputStream in;
    private final String origin;
    /** Some byte of an answer arrived (so a failure is not a stale pooled connection). */
    boolean gotBytes;
    /** The last body ran to the end of the stream: the connection cannot carry another answer. */
    boolean closeDelimited;

    Http1Reader(InputStream in, String origin) {
        this.in = in;
        this.origin = origin;
    }

    Head readHead() throws IOException {
        String status = readLine();
        if (status == null) {
            throw new IOException("connection closed by " + origin + " before an answer");
        }
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x answer from " + origin + ": " + abbreviate(status));
        }
        try {
            return new Head(parts[0], Integer.parseInt(parts[1]), readHeaders());
        } catch (NumberFormatException e) {
            throw new IOException("bad status line from " + origin + ": " + abbreviate(status));
        }
    }

    byte[] readBody(String method, Head head) throws IOException {
        int code = head.status();
        if (method.equals("HEAD") || code == 204 || code == 304) {
            return new byte[0];
        }
        if (hasToken(head.headers().get("transfer-encoding"), "chunked")) {
            return readChunked();
        }
        List<String> len = head.headers().get("content-length");
        if (len != null) {
            long n;
            try {
                n = Long.parseLong(len.get(0).trim());
            } catch (NumberFormatException e) {
                throw new IOException("bad Content-Length from " + origin + ": " + abbreviate(len.get(0)));
            }
            if (n < 0 || n > MAX_BODY) {
                throw new IOException("answer body of " + n + " bytes refused");
            }
            return readExactly((int) n);
        }
        closeDelimited = true;
        byte[] all = in.readNBytes((int) MAX_BODY + 1);
        if (all.length > MAX_BODY) {
            throw new IOException("answer body over " + MAX_BODY + " bytes");
        }
        return all;
    }

    private byte[] readChunked() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        while (true) {
            String line = readLine();
            if (line == null) {
                throw new IOException("connection closed inside a chunked body");
            }
            int semi = line.indexOf(';');
            long size;
            try {
                size = Long.parseLong((semi >= 0 ? line.substring(0, semi) : line).trim(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size: " + abbreviate(line));
            }
            if (size == 0) {
                readHeaders(); // trailers
                return buf.toByteArray();
            }
            if (size < 0 || buf.size() + size > MAX_BODY) {
                throw new IOException("answer body over " + MAX_BODY + " bytes");
            }
            buf.write(readExactly((int) size));
            readLine();
        }
    }

    private byte[] readExactly(int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw new IOException("connection closed after " + b.length + " of " + n + " body bytes");
        }
        return b;
    }

    private Map<String, List<String>> readHeaders() throws IOException {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 0; ; i++) {
            String line = readLine();
            if (line == null) {
                throw new IOException("connection closed inside the answer's headers");
            }
            if (line.isEmpty()) {
                return headers;
            }
            if (i >= MAX_HEADERS) {
                throw new IOException("more than " + MAX_HEADERS + " answer headers");
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        k -> new ArrayList<>()).add(line.substring(colon + 1).trim());
            }
        }
    }

    /** One line without its CR LF (or LF); null at end of stream before any byte. */
    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (line.size() == 0) {
                    return null;
                }
                throw new IOException("connection closed inside a line");
            }
            gotBytes = true;
            if (b == '\n') {
                byte[] a = line.toByteArray();
                int n = a.length > 0 && a[a.length - 1] == '\r' ? a.length - 1 : a.length;
                return new String(a, 0, n, StandardCharsets.ISO_8859_1);
            }
            if (line.size() >= MAX_LINE) {
                throw new IOException("answer line over " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
    }

    static boolean hasToken(List<String> values, String token) {
        if (values != null) {
            for (String v : values) {
                for (String t : v.split(",")) {
                    if (t.trim().equalsIgnoreCase(token)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
