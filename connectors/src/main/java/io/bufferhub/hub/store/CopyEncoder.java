package io.bufferhub.hub.store;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds PostgreSQL {@code COPY … FROM STDIN} text-format rows for a batch straight from its bytes, without
 * making a String per line: the hot path of ingest on PostgreSQL. Gives the same record text as
 * {@link LineSplitter} with ISO-8859-1 (each byte one character, NUL as U+FFFD); other charsets return null
 * and the caller takes the String path.
 */
final class CopyEncoder {

    private static final byte[] REPLACEMENT = "\uFFFD".getBytes(StandardCharsets.UTF_8);

    private CopyEncoder() {
    }

    /** Rows for {@code batch_record(serial, seq, line_no, channel, raw_line, captured_from, captured_to)}. */
    static byte[] rows(BatchRequest b) {
        if (!b.charset().equals(StandardCharsets.ISO_8859_1) && !isAscii(b.body())) {
            return null;
        }
        // serial and channel are [A-Za-z0-9._-] (checked at the edge): nothing to escape in them
        byte[] prefix = (b.serial() + '\t' + b.seq() + '\t').getBytes(StandardCharsets.US_ASCII);
        byte[] channel = ('\t' + b.channel() + '\t').getBytes(StandardCharsets.US_ASCII);
        byte[] suffix = ('\t' + nullable(b.capturedFrom()) + '\t' + nullable(b.capturedTo()) + '\n')
                .getBytes(StandardCharsets.US_ASCII);
        byte[] body = b.body();
        Out out = new Out(body.length + (body.length / 40 + 1) * (prefix.length + channel.length + suffix.length + 8));
        int lineNo = 1;
        int start = 0;
        for (int i = 0; i <= body.length; i++) {
            boolean end = i == body.length;
            if (!end && body[i] != '\n') {
                continue;
            }
            if (end && start == body.length) {
                break; // the body ended with a line end: no unterminated last line
            }
            int stop = (!end && i > start && body[i - 1] == '\r') ? i - 1 : i;
            out.write(prefix);
            out.writeDecimal(lineNo++);
            out.write(channel);
            escapeLine(out, body, start, stop);
            out.write(suffix);
            start = i + 1;
        }
        return out.toByteArray();
    }

    private static void escapeLine(Out out, byte[] body, int from, int to) {
        for (int i = from; i < to; i++) {
            int v = body[i] & 0xff;
            switch (v) {
                case '\\' -> out.twoBytes('\\', '\\');
                case '\t' -> out.twoBytes('\\', 't');
                case '\r' -> out.twoBytes('\\', 'r');
                case 0 -> out.write(REPLACEMENT);
                default -> {
                    if (v < 0x80) {
                        out.write(v);
                    } else { // ISO-8859-1 character as UTF-8
                        out.twoBytes(0xC0 | (v >> 6), 0x80 | (v & 0x3F));
                    }
                }
            }
        }
    }

    private static boolean isAscii(byte[] body) {
        for (byte x : body) {
            if (x < 0) {
                return false;
            }
        }
        return true;
    }

    private static String nullable(Long v) {
        return v == null ? "\\N" : Long.toString(v);
    }

    /** An unsynchronised growable byte buffer. */
    private static final class Out extends ByteArrayOutputStream {
        Out(int size) {
            super(size);
        }

        @Override
        public void write(byte[] b) {
            write(b, 0, b.length);
        }

        void twoBytes(int a, int b) {
            write(a);
            write(b);
        }

        void writeDecimal(int n) {
            write(Integer.toString(n).getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        public void write(int b) {
            if (count == buf.length) {
                buf = java.util.Arrays.copyOf(buf, buf.length * 2);
            }
            buf[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (count + len > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, count + len));
            }
            System.arraycopy(b, off, buf, count, len);
            count += len;
        }
    }
}
