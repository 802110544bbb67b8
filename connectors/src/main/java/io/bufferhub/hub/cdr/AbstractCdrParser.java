package io.bufferhub.hub.cdr;

/**
 * The guard every format parser shares, so each only describes its layout: refuses over-long, blank and separator
 * lines before any work, strips the line end, and turns every rejection or unexpected failure into a failed
 * {@link ParseResult}, so {@link #parse} never throws.
 */
abstract class AbstractCdrParser implements CdrParser {

    private final String name;

    AbstractCdrParser(String name) {
        this.name = name;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final ParseResult parse(String line, ParseContext ctx) {
        if (line == null) {
            return ParseResult.failed("no line");
        }
        if (line.length() > MAX_LINE_LENGTH) {
            return ParseResult.failed("line longer than " + MAX_LINE_LENGTH + " characters");
        }
        if (ctx == null) {
            return ParseResult.failed("no parse context (time zone and receive time)");
        }
        String body = withoutLineEnd(line);
        if (body.isBlank()) {
            return ParseResult.failed("blank line");
        }
        if (isSeparator(body)) {
            return ParseResult.failed("separator line, not a call record");
        }
        try {
            return ParseResult.ok(parseLine(body, ctx));
        } catch (UnparseableLineException e) {
            return ParseResult.failed(e.getMessage());
        } catch (RuntimeException e) {
            return ParseResult.failed("unreadable " + name + " line (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * Reads a line that is non-blank, at most {@link #MAX_LINE_LENGTH} long and without CR/LF at its end.
     *
     * @throws UnparseableLineException with a short reason naming the field, when the line is not a call
     */
    abstract CallRecord parseLine(String line, ParseContext ctx) throws UnparseableLineException;

    private static String withoutLineEnd(String line) {
        int start = !line.isEmpty() && line.charAt(0) == '\uFEFF' ? 1 : 0; // a byte order mark at stream start
        int end = line.length();
        while (end > start && (line.charAt(end - 1) == '\n' || line.charAt(end - 1) == '\r')) {
            end--;
        }
        return line.substring(start, end);
    }

    /** Lines of dashes, equals signs and the like that printers put between headings and records. */
    private static boolean isSeparator(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if ("-=_*~+ \t".indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }
}
