package io.bufferhub.hub.store;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Writes a batch's lines into {@code batch_record} inside the caller's transaction: a JDBC batch
 * everywhere, or PostgreSQL {@code COPY} (about twice as fast) where the driver allows it.
 */
final class RecordWriter {

    private final boolean useCopy;

    RecordWriter(Database.Dialect dialect, boolean preferCopy) {
        this.useCopy = preferCopy && dialect == Database.Dialect.POSTGRESQL;
    }

    void write(Connection c, BatchRequest b) throws SQLException {
        byte[] rows = useCopy ? CopyEncoder.rows(b) : null;
        if (rows != null) {
            copy(c, rows);
        } else if (useCopy) {
            copy(c, copyText(b, LineSplitter.split(b.body(), b.charset())).getBytes(StandardCharsets.UTF_8));
        } else {
            insert(c, b, LineSplitter.split(b.body(), b.charset()));
        }
    }

    private static void insert(Connection c, BatchRequest b, List<String> lines) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO batch_record"
                + " (serial, seq, line_no, channel, raw_line, captured_from, captured_to) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            int lineNo = 1;
            for (String line : lines) {
                ps.setString(1, b.serial());
                ps.setLong(2, b.seq());
                ps.setInt(3, lineNo++);
                ps.setString(4, b.channel());
                ps.setString(5, line);
                SqlParams.setNullableLong(ps, 6, b.capturedFrom());
                SqlParams.setNullableLong(ps, 7, b.capturedTo());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void copy(Connection c, byte[] rows) throws SQLException {
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(
                "COPY batch_record (serial, seq, line_no, channel, raw_line, captured_from, captured_to) FROM STDIN");
        try {
            copy.writeToCopy(rows, 0, rows.length);
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    /** COPY rows through Strings, for charsets other than ISO-8859-1 / ASCII. */
    static String copyText(BatchRequest b, List<String> lines) {
        StringBuilder sb = new StringBuilder(lines.size() * 160);
        String prefix = escape(b.serial()) + '\t' + b.seq() + '\t';
        String suffix = '\t' + nullable(b.capturedFrom()) + '\t' + nullable(b.capturedTo()) + '\n';
        int lineNo = 1;
        for (String line : lines) {
            sb.append(prefix).append(lineNo++).append('\t').append(escape(b.channel())).append('\t');
            appendEscaped(sb, line);
            sb.append(suffix);
        }
        return sb.toString();
    }

    private static String nullable(Long v) {
        return v == null ? "\\N" : Long.toString(v);
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        appendEscaped(sb, s);
        return sb.toString();
    }

    /** COPY text format: backslash, tab, CR and LF are escaped (LineSplitter already replaced NUL). */
    private static void appendEscaped(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                case '\n' -> sb.append("\\n");
                default -> sb.append(ch);
            }
        }
    }
}
