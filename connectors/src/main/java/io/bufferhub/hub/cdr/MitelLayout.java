package io.bufferhub.hub.cdr;

/**
 * Where the fields of a Mitel MiVoice Business / 3300 SMDR record sit. The first 22 columns (long-call flag,
 * date, start time, duration) are the same in every layout; what follows depends on the SMDR options, and on
 * whether the record came from bufferhub's device simulator, which prints its own 90-column variant. Columns here
 * are 0-based and end-exclusive; the manual counts from 1.
 */
enum MitelLayout {

    /**
     * The manual's standard record: 90 columns, 112 with ANI/DNIS. Calling party 24-27, attendant 29, time to
     * answer 30-32, digits dialled 34-59, completion status 60, speed-call/forward flag 61, called party 62-65,
     * transfer/conference 66, third party 68-71, account code 73-84, route optimisation 85, system id 86-88,
     * then ANI 92-101 and DNIS 103-112.
     */
    STANDARD(22, span(23, 27), span(27, 32), span(33, 59), 59, span(61, 65), span(72, 84), span(91, 101),
            span(102, 112)),
    /**
     * The manual's extended digit length record: 101 columns, 120 with ANI/DNIS. Duration 15-24
     * ({@code hhhh:mm:ss}), calling party 26-32, time to answer 35-37, digits dialled 39-64, completion status 65,
     * called party 67-73, third party 76-82, account code 84-95, then ANI 103-112 and DNIS 114-120.
     */
    EXTENDED_DIGITS(24, span(25, 32), span(32, 37), span(38, 64), 64, span(66, 73), span(83, 95),
            span(102, 112), span(113, 120)),
    /**
     * What the device simulator prints (device-sim PbxFormat.MITEL): the standard front, then meter pulses 61-65,
     * {@code I} for an incoming call in column 67, called party 69-72, transfer/third party 74-77 and account code
     * 79-90; no trunk numbers and no ANI/DNIS.
     */
    SIMULATOR(22, span(23, 27), span(27, 32), span(33, 59), 66, span(68, 72), span(78, 90), null, null);

    /** Longest record of any layout (extended digits with ANI/DNIS). */
    static final int MAX_WIDTH = 120;

    final int durationEnd;
    final Span calling;
    /** Attendant flag (or the spacer before it) and time to answer, so extended time-to-answer fits too. */
    final Span answer;
    final Span digits;
    final int status;
    final Span called;
    final Span account;
    final Span ani;
    final Span dnis;

    MitelLayout(int durationEnd, Span calling, Span answer, Span digits, int status, Span called,
                Span account, Span ani, Span dnis) {
        this.durationEnd = durationEnd;
        this.calling = calling;
        this.answer = answer;
        this.digits = digits;
        this.status = status;
        this.called = called;
        this.account = account;
        this.ani = ani;
        this.dnis = dnis;
    }

    /**
     * The layout of a line: a colon in column 17 means the 8-character duration of the standard front, otherwise
     * the 10-character one of extended digit length; a digit in column 61, where the manual's layout has the
     * speed-call flag (blank, S or F), means the simulator's meter pulses.
     */
    static MitelLayout of(String line) {
        if (line.length() > 16 && line.charAt(16) == ':') {
            return line.length() > 60 && Character.isDigit(line.charAt(60)) ? SIMULATOR : STANDARD;
        }
        return EXTENDED_DIGITS;
    }

    /** The columns a line needs before it can be read: through the calling party. */
    int minimumWidth() {
        return calling.to();
    }

    private static Span span(int from, int to) {
        return new Span(from, to);
    }

    /** A field's columns, 0-based and end-exclusive. */
    record Span(int from, int to) {

        /** The field's text, stripped, from a line padded to at least {@link #MAX_WIDTH}. */
        String cut(String padded) {
            return CdrFields.columns(padded, from, to);
        }

        /** The field's columns as the manual counts them, for messages: {@code columns 24-27 (Calling Party)}. */
        String label(String name) {
            return "columns " + (from + 1) + "-" + to + " (" + name + ")";
        }
    }
}
