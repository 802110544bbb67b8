package io.bufferhub.hub.cdr;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Month;
import java.time.MonthDay;
import java.util.regex.Pattern;

/**
 * Mitel MiVoice Business / 3300 SMDR (CDR-FORMATS.md): fixed-width records of 90 columns, 101 with extended digit
 * length, 112 or 120 with ANI/DNIS, and the simulator's 90-column variant ({@link MitelLayout}). Trailing blanks
 * may be missing; a line must reach at least the calling party.
 *
 * <p>The date has no year: the year chosen puts the call at or before the time the batch was received, allowing
 * {@link #CLOCK_SKEW_GRACE} for a PBX clock running ahead, so 12/31 received on January 2 is last year. The start
 * time is {@code hh:mm} with {@code P} for pm; on the usual 12-hour clock {@code 12:05} without P is just after
 * midnight, on a 24-hour clock (spec {@code mitel:clock=24}) it is just after noon. The long-call flag is only
 * checked to be one of blank, {@code -}, {@code %}, {@code +}.
 *
 * <p>Direction: in the manual's layouts a trunk ({@code Tnnn}/{@code Xnnn}) as calling party means inbound, as
 * called party outbound, and two stations internal. In the simulator's layout {@code I} in column 67 means
 * inbound, digits equal to a called party of at most 4 characters internal, anything else outbound; a bare
 * 3-digit number such as 911 therefore reads as internal there (the alert rules treat every non-inbound call alike).
 */
public final class MitelSmdrParser extends AbstractCdrParser {

    /** How far a record's date may lie after the receive time and still count as this year. */
    public static final Duration CLOCK_SKEW_GRACE = Duration.ofDays(1);

    /** Longest record the manual knows (standardised network OLI). */
    private static final int MAX_COLUMNS = 131;
    private static final Pattern TRUNK = Pattern.compile("[TX]\\d{1,6}");
    private static final Pattern STATION = Pattern.compile("[0-9*#]{1,8}");
    private static final String START_TIME = "columns 8-13 (Start Time)";
    private static final String FORMAT = "Mitel SMDR";

    private final boolean twentyFourHourClock;

    /** The parser for spec {@code mitel}: start times on a 12-hour clock. */
    public MitelSmdrParser() {
        this(false);
    }

    /**
     * A parser for either clock setting of the PBX.
     *
     * @param twentyFourHourClock whether the PBX prints start times on a 24-hour clock ({@code mitel:clock=24})
     */
    public MitelSmdrParser(boolean twentyFourHourClock) {
        super("mitel");
        this.twentyFourHourClock = twentyFourHourClock;
    }

    @Override
    CallRecord parseLine(String raw, ParseContext ctx) throws UnparseableLineException {
        String line = raw.stripTrailing();
        if (line.length() > MAX_COLUMNS) {
            throw new UnparseableLineException("line is " + line.length() + " columns; Mitel SMDR has at most "
                    + MAX_COLUMNS);
        }
        MitelLayout layout = MitelLayout.of(line);
        if (line.length() < layout.minimumWidth()) {
            throw new UnparseableLineException("line is only " + line.length() + " columns; a Mitel SMDR record has"
                    + " at least " + layout.minimumWidth());
        }
        String p = CdrFields.padded(line, MitelLayout.MAX_WIDTH);
        if (" -%+".indexOf(p.charAt(0)) < 0) {
            throw UnparseableLineException.field("column 1 (Long Call)", p.substring(0, 1), "is not blank, -, % or +");
        }
        CdrFields.spacer(p, 6, FORMAT);
        CdrFields.spacer(p, 13, FORMAT);
        CdrFields.spacer(p, layout.durationEnd, FORMAT);
        MonthDay day = monthDay(p.substring(1, 6));
        LocalTime time = startTime(p.substring(7, 13));
        int duration = duration(p.substring(14, layout.durationEnd),
                "columns 15-" + layout.durationEnd + " (Duration)");
        Integer ring = timeToAnswer(layout.answer.cut(p), layout.answer.label("Time to Answer"));

        String calling = layout.calling.cut(p);
        String calledParty = layout.called.cut(p);
        String digits = firstWord(layout.digits.cut(p));
        String inTrunk = trunk(calling);
        String outTrunk = trunk(calledParty);
        String direction;
        if (layout == MitelLayout.SIMULATOR) {
            direction = p.charAt(layout.status) == 'I' ? CallRecord.IN
                    : digits.equals(calledParty) && digits.length() <= 4 ? CallRecord.INTERNAL : CallRecord.OUT;
        } else {
            direction = inTrunk != null ? CallRecord.IN : outTrunk != null ? CallRecord.OUT : CallRecord.INTERNAL;
        }
        String ani = layout.ani == null ? "" : layout.ani.cut(p);
        String dnis = layout.dnis == null ? "" : layout.dnis.cut(p);
        String caller = !ani.isEmpty() ? ani : inTrunk == null ? calling : null;
        String called = !dnis.isEmpty() ? dnis : CallRecord.OUT.equals(direction) ? digits : calledParty;
        String extension = station(CallRecord.IN.equals(direction) ? calledParty : calling);
        LocalDateTime start = dateBefore(day, time, ctx.receivedLocal());
        return new CallRecord(start.atZone(ctx.zone()).toInstant(), duration, ring, direction, caller, called,
                digits, extension, inTrunk != null ? inTrunk : outTrunk, layout.account.cut(p), null, null);
    }

    /**
     * The date and time of a record that prints no year: the latest year that does not put it after
     * {@code receivedLocal} plus {@link #CLOCK_SKEW_GRACE} (for 02/29, the latest such leap year).
     */
    static LocalDateTime dateBefore(MonthDay day, LocalTime time, LocalDateTime receivedLocal) {
        LocalDateTime latest = receivedLocal.plus(CLOCK_SKEW_GRACE);
        int year = latest.getYear();
        while (!day.isValidYear(year) || LocalDateTime.of(day.atYear(year), time).isAfter(latest)) {
            year--;
        }
        return LocalDateTime.of(day.atYear(year), time);
    }

    private static MonthDay monthDay(String text) throws UnparseableLineException {
        if (text.charAt(2) == '/' && CdrFields.digits(text, 0, 2) && CdrFields.digits(text, 3, 5)) {
            int month = Integer.parseInt(text.substring(0, 2));
            int day = Integer.parseInt(text.substring(3, 5));
            if (month >= 1 && month <= 12 && day >= 1 && day <= Month.of(month).maxLength()) {
                return MonthDay.of(month, day);
            }
        }
        throw UnparseableLineException.field("columns 2-6 (Date)", text, "is not MM/DD");
    }

    private LocalTime startTime(String text) throws UnparseableLineException {
        char suffix = text.charAt(5);
        if (text.charAt(2) == ':' && CdrFields.digits(text, 0, 2) && CdrFields.digits(text, 3, 5)
                && " PpAa".indexOf(suffix) >= 0) {
            int h = Integer.parseInt(text.substring(0, 2));
            int m = Integer.parseInt(text.substring(3, 5));
            boolean pm = suffix == 'P' || suffix == 'p';
            if (m <= 59 && (pm ? h >= 1 && h <= 12 : h <= 23)) {
                int hour = pm ? (h == 12 ? 12 : h + 12) : (h == 12 && !twentyFourHourClock ? 0 : h);
                return LocalTime.of(hour, m);
            }
        }
        throw UnparseableLineException.field(START_TIME, text, "is not hh:mm with P for pm");
    }

    /** {@code hh:mm:ss}; all nines in minutes and seconds is the PBX's mark for 100 hours or more. */
    private static int duration(String text, String field) throws UnparseableLineException {
        String t = text.strip();
        if (t.endsWith(":99:99") && t.length() >= 8 && CdrFields.digits(t, 0, t.length() - 6)) {
            return Integer.parseInt(t.substring(0, t.length() - 6)) * 3600 + 3599;
        }
        return CdrFields.clock(t, field, "is not hh:mm:ss");
    }

    /** Seconds to answer, null when unanswered ({@code ***}) or blank; a leading {@code *} is the attendant flag. */
    private static Integer timeToAnswer(String text, String field) throws UnparseableLineException {
        if (text.endsWith("***")) {
            return null;
        }
        String t = text.startsWith("*") ? text.substring(1).strip() : text;
        return t.isEmpty() ? null : CdrFields.seconds(t, field);
    }

    /** Digits dialled, without meter pulses or a network node's extension printed after a blank. */
    private static String firstWord(String s) {
        int blank = s.indexOf(' ');
        return blank < 0 ? s : s.substring(0, blank);
    }

    private static String trunk(String party) {
        return TRUNK.matcher(party).matches() ? party.substring(1) : null;
    }

    private static String station(String party) {
        return STATION.matcher(party).matches() ? party : null;
    }
}
