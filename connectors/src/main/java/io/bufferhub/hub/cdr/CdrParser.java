package io.bufferhub.hub.cdr;

/**
 * Reads one call-detail-record line of one PBX format. Lines come from devices in the field and may be anything
 * (headers, noise on a serial line, a truncated record), so a parser never throws and never takes long: whatever
 * the input, it returns a {@link ParseResult} holding either the call or a short readable reason. Implementations
 * hold no mutable state, so one instance serves every thread.
 */
public interface CdrParser {

    /** Longest line a parser looks at; a longer one is refused unread, which bounds the work per line. */
    int MAX_LINE_LENGTH = 4096;

    /** The format's name as used in a parser spec ({@code avaya}, {@code csv}, …), for logs and the stored row. */
    String name();

    /**
     * Reads one line (a trailing CR/LF is ignored). Never throws; returns a failed result with the reason when the
     * line is not a call of this format.
     */
    ParseResult parse(String line, ParseContext ctx);
}
