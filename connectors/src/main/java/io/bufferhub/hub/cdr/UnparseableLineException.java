package io.bufferhub.hub.cdr;

/**
 * Why a line is not a call of the expected format. Thrown inside parsers only and turned into a failed
 * {@link ParseResult} at their edge; it carries no stack trace because garbage lines are common and cheap to
 * reject.
 */
final class UnparseableLineException extends Exception {

    private static final long serialVersionUID = 1L;
    private static final int MAX_QUOTED = 40;

    UnparseableLineException(String reason) {
        super(reason, null, false, false);
    }

    /** A field that does not hold what the format says, e.g. {@code field 1 (Call Start): '…' is not …}. */
    static UnparseableLineException field(String field, String value, String expected) {
        return new UnparseableLineException(field + ": " + quote(value) + " " + expected);
    }

    /** A value for a message: quoted, cut to a readable length, with control characters shown as '?'. */
    static String quote(String value) {
        if (value == null) {
            return "nothing";
        }
        StringBuilder sb = new StringBuilder(MAX_QUOTED + 5).append('\'');
        for (int i = 0; i < value.length(); i++) {
            if (i == MAX_QUOTED) {
                sb.append('…');
                break;
            }
            char c = value.charAt(i);
            sb.append(Character.isISOControl(c) || Character.isSurrogate(c) ? '?' : c);
        }
        return sb.append('\'').toString();
    }
}
