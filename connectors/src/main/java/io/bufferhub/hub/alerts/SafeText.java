package io.bufferhub.hub.alerts;

/**
 * Makes text that came from a PBX safe to put into a notification. CDR fields travel from devices in the field
 * into mail subjects and SMS; a line end in them could add mail headers ({@code \r\nBcc: …}) and a bidi override
 * could disguise a number, so everything that breaks or steers lines is removed before the text leaves the hub.
 */
public final class SafeText {

    private SafeText() {
    }

    /**
     * One line fit for a mail header or an SMS: every control character (C0, C1 including U+0085, DEL) and line
     * or paragraph separator (U+2028, U+2029) becomes a blank, invisible format characters (bidi overrides,
     * zero-width) and unpaired surrogates are dropped, runs of blanks collapse to one space, the ends are
     * stripped, and the result is cut to at most {@code max} characters without splitting a surrogate pair.
     *
     * @param s   any text, or null (gives "")
     * @param max the longest result wanted, at least 0
     */
    public static String headerSafe(String s, int max) {
        if (max < 0) {
            throw new IllegalArgumentException("max must not be negative: " + max);
        }
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(Math.min(s.length(), max + 2));
        boolean blank = false;
        for (int i = 0; i < s.length() && sb.length() <= max; ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (isInvisible(cp)) {
                continue;
            }
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp) || isUnsafe(cp)) {
                blank = sb.length() > 0;
                continue;
            }
            if (blank) {
                sb.append(' ');
                blank = false;
            }
            sb.appendCodePoint(cp);
        }
        return cut(sb, max);
    }

    /**
     * Text fit for a mail or message body: CR LF and lone CR become LF, tabs become spaces, and every other
     * character {@link #headerSafe} removes is dropped; LF is the only line break left.
     *
     * @param s any text, or null (gives "")
     */
    public static String bodySafe(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\r') {
                sb.append('\n');
                if (i < s.length() && s.charAt(i) == '\n') {
                    i++;
                }
            } else if (cp == '\n') {
                sb.append('\n');
            } else if (cp == '\t') {
                sb.append(' ');
            } else if (!isUnsafe(cp)) {
                sb.appendCodePoint(cp);
            }
        }
        return sb.toString();
    }

    /** Control, format, line/paragraph separator and lone surrogate code points. */
    private static boolean isUnsafe(int cp) {
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || isInvisible(cp);
    }

    /** Format characters (bidi overrides, zero-width, tags) and lone surrogates: dropped without a trace. */
    private static boolean isInvisible(int cp) {
        int type = Character.getType(cp);
        return type == Character.FORMAT || type == Character.SURROGATE;
    }

    private static String cut(StringBuilder sb, int max) {
        if (sb.length() <= max) {
            return sb.toString();
        }
        int end = max > 0 && Character.isHighSurrogate(sb.charAt(max - 1)) ? max - 1 : max;
        return sb.substring(0, end).stripTrailing();
    }
}
