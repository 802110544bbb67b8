package io.bufferhub.hub.cdr;

/**
 * A line that lets a regular expression read only so many characters. Java's regex engine backtracks, and an
 * operator's pattern such as {@code (a+)+b} can take exponential time on an unlucky line; reading through this
 * sequence, the match stops with {@link StepLimitExceeded} once the budget is spent, so one bad line cannot hold
 * a worker thread. Each matching attempt needs its own instance.
 */
final class StepLimitedCharSequence implements CharSequence {

    /** Thrown when the budget is spent; carries no stack trace. */
    static final class StepLimitExceeded extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StepLimitExceeded() {
            super("regex step limit exceeded", null, false, false);
        }
    }

    private final String text;
    private long stepsLeft;

    StepLimitedCharSequence(String text, long steps) {
        this.text = text;
        this.stepsLeft = steps;
    }

    @Override
    public char charAt(int index) {
        if (--stepsLeft < 0) {
            throw new StepLimitExceeded();
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    /** Used by the matcher to hand out groups once matched; not counted. */
    @Override
    public CharSequence subSequence(int start, int end) {
        return text.subSequence(start, end);
    }

    @Override
    public String toString() {
        return text;
    }
}
