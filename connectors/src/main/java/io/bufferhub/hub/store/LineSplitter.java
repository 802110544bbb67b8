package io.bufferhub.hub.store;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a batch into records (PROTOCOL.md §3): lines end in LF or CR LF; blank lines count; a last line
 * without a line end counts as one. A lone CR stays part of its line. NUL, which SQL text columns
 * cannot hold, becomes U+FFFD in the record text; the batch keeps the original bytes.
 */
public final class LineSplitter {

    private LineSplitter() {
    }

    public static List<String> split(byte[] body, Charset charset) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < body.length; i++) {
            if (body[i] == '\n') {
                int end = (i > start && body[i - 1] == '\r') ? i - 1 : i;
                lines.add(text(body, start, end, charset));
                start = i + 1;
            }
        }
        if (start < body.length) {
            lines.add(text(body, start, body.length, charset));
        }
        return lines;
    }

    private static String text(byte[] body, int from, int to, Charset charset) {
        String s = new String(body, from, to - from, charset);
        return s.indexOf('\0') >= 0 ? s.replace('\0', '\uFFFD') : s;
    }

    public static int count(byte[] body) {
        int n = 0;
        for (byte b : body) {
            if (b == '\n') {
                n++;
            }
        }
        return (body.length > 0 && body[body.length - 1] != '\n') ? n + 1 : n;
    }
}
