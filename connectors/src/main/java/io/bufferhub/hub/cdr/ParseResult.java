package io.bufferhub.hub.cdr;

import java.util.Objects;

/**
 * What a {@link CdrParser} made of one line: either the call or a short reason why the line is not one. Exactly
 * one of the two is set. The raw line is kept by the caller either way, so a failed parse loses nothing.
 *
 * @param call  the call read from the line, or null
 * @param error why the line could not be read (one line of text, at most {@link #MAX_ERROR} characters), or null
 */
public record ParseResult(CallRecord call, String error) {

    /** Longest reason kept, so a reason always fits its column and a log line. */
    public static final int MAX_ERROR = 300;

    /** Enforces that exactly one of call and error is set and keeps the reason to one bounded line. */
    public ParseResult {
        if ((call == null) == (error == null)) {
            throw new IllegalArgumentException("exactly one of call and error must be set");
        }
        if (error != null) {
            error = oneLine(error);
        }
    }

    /** A line read as a call. */
    public static ParseResult ok(CallRecord call) {
        return new ParseResult(Objects.requireNonNull(call, "call"), null);
    }

    /** A line that is not a readable call, with the reason. */
    public static ParseResult failed(String error) {
        return new ParseResult(null, Objects.requireNonNull(error, "error"));
    }

    /** Whether a call was read. */
    public boolean isOk() {
        return call != null;
    }

    private static String oneLine(String s) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), MAX_ERROR));
        for (int i = 0; i < s.length() && sb.length() < MAX_ERROR; i++) {
            char c = s.charAt(i);
            sb.append(Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? ' ' : c);
        }
        String v = sb.toString().strip();
        return v.isEmpty() ? "unreadable line" : v;
    }
}
