package io.bufferhub.hub.cdr;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Panasonic KX-TDA / KX-NS SMDR (CDR-FORMATS.md): 80 columns (patterns A and B) or 120 (C). Date (columns 1-8,
 * {@code MM/dd/yy} unless configured otherwise), Time 10-16 ({@code hh:mmAM}), Ext 18-22 and CO from column 24
 * (2 digits, or 4 in pattern C) sit at fixed places; after them the fields are found by shape, because the
 * patterns differ in what follows the dial number: ring time {@code m'ss} (A and C), duration {@code hh:mm'ss}
 * (always), cost such as {@code 00560.00EU} (B and C), account code, condition code ({@code TR}, {@code FW}, …).
 *
 * <p>The time printed is the END of the call, so callStart = end − duration − ring (to the minute, as the PBX
 * prints no seconds). Dial number {@code <I>caller} or {@code <D>ddi<I>caller} is inbound, {@code EXT} with a
 * number intercom (internal), anything else outbound with the CO line as trunk. Column headings, separators and
 * status messages (LOG IN, Check in, …) are reported as not being calls.
 */
public final class PanasonicSmdrParser extends AbstractCdrParser {

    /** US date order, as the simulator and the manual's examples print. */
    public static final String DEFAULT_DATE_PATTERN = "MM/dd/yy";

    private static final String FORMAT = "Panasonic SMDR";
    private static final int DATE_WIDTH = 8;
    private static final int CO_START = 23;
    private static final Pattern DURATION = Pattern.compile("\\d{2}:\\d{2}'\\d{2}");
    private static final Pattern RING = Pattern.compile("\\d{1,2}'\\d{2}");
    private static final Pattern COST = Pattern.compile("\\d{1,12}\\.\\d{1,4}[A-Z]{0,3}");
    private static final Pattern CONDITION = Pattern.compile("[A-Z]{2}");

    private final String datePattern;
    private final DateTimeFormatter dateFormat;

    /** The parser for spec {@code panasonic}: dates as {@link #DEFAULT_DATE_PATTERN}. */
    public PanasonicSmdrParser() {
        this(DEFAULT_DATE_PATTERN);
    }

    /**
     * A parser for sites that print another date order.
     *
     * @param datePattern the PBX's date order as an 8-character {@link DateTimeFormatter} pattern, e.g.
     *                    {@code dd/MM/yy} for sites that print day first ({@code panasonic:datePattern=dd/MM/yy})
     * @throws IllegalArgumentException when the pattern is invalid or does not print exactly 8 characters
     */
    public PanasonicSmdrParser(String datePattern) {
        super("panasonic");
        this.datePattern = datePattern;
        try {
            this.dateFormat = CdrFields.strictPattern(datePattern);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("panasonic: datePattern '" + datePattern
                    + "' is not a valid date pattern: " + e.getMessage(), e);
        }
        String sample;
        try {
            sample = dateFormat.format(LocalDate.of(2002, 1, 12));
            LocalDate.parse(sample, dateFormat);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("panasonic: datePattern '" + datePattern
                    + "' must hold a day, a month and a year: " + e.getMessage(), e);
        }
        if (sample.length() != DATE_WIDTH) {
            throw new IllegalArgumentException("panasonic: datePattern '" + datePattern + "' prints " + sample.length()
                    + " characters, the Date column has " + DATE_WIDTH);
        }
    }

    /** One blank-separated word of the line and where it starts. */
    private record Word(int start, String text) {
    }

    @Override
    CallRecord parseLine(String raw, ParseContext ctx) throws UnparseableLineException {
        String line = raw.stripTrailing();
        if (line.stripLeading().regionMatches(true, 0, "Date", 0, 4)) {
            throw new UnparseableLineException("column headings, not a call record");
        }
        if (line.length() < CO_START + 3) {
            throw new UnparseableLineException("line is only " + line.length() + " columns; not a Panasonic SMDR"
                    + " call record");
        }
        LocalDate date = date(line.substring(0, DATE_WIDTH));
        CdrFields.spacer(line, 8, FORMAT);
        LocalTime endTime = endTime(line.substring(9, 16));
        CdrFields.spacer(line, 16, FORMAT);
        String ext = line.substring(17, 22).strip();
        int coEnd = line.length() > CO_START + 4 && CdrFields.digits(line, CO_START, CO_START + 4)
                && line.charAt(CO_START + 4) == ' ' ? CO_START + 4 : CO_START + 2;
        String co = line.substring(CO_START, coEnd);
        if (!co.isBlank() && !CdrFields.digits(co, 0, co.length())) { // intercom calls have no CO line
            throw UnparseableLineException.field("columns 24-" + coEnd + " (CO)", co,
                    "is not a trunk number; not a Panasonic SMDR record");
        }
        List<Word> words = words(line, coEnd);
        int d = words.size() - 1;
        while (d >= 0 && !DURATION.matcher(words.get(d).text()).matches()) {
            d--;
        }
        if (d < 0) {
            throw new UnparseableLineException("no call duration (hh:mm'ss) after the dial number; not a call record");
        }
        int duration = CdrFields.clock(words.get(d).text(), "Duration", "is not hh:mm'ss");
        boolean hasRing = d > 0 && RING.matcher(words.get(d - 1).text()).matches();
        int ring = hasRing ? CdrFields.clock(words.get(d - 1).text(), "Ring", "is not m'ss") : 0;
        String dial = line.substring(coEnd, words.get(hasRing ? d - 1 : d).start()).strip();

        int end = words.size();
        if (end > d + 1 && CONDITION.matcher(words.get(end - 1).text()).matches()) {
            end--; // condition code (TR, FW, RM, NA, …): how the call was handled, not stored
        }
        BigDecimal cost = null;
        String account = null;
        for (int i = d + 1; i < end; i++) {
            String w = words.get(i).text();
            if (cost == null && account == null && COST.matcher(w).matches()) {
                cost = CdrFields.money(w, "Cost");
            } else if (account == null) {
                account = w;
            } else {
                throw UnparseableLineException.field("text after the duration", w, "is not cost, account or CD");
            }
        }
        LocalDateTime endLocal = LocalDateTime.of(date, endTime);
        return call(dial, ext, co,
                endLocal.atZone(ctx.zone()).toInstant().minusSeconds((long) duration + ring), duration,
                hasRing ? ring : null, account, cost);
    }

    private static CallRecord call(String dial, String ext, String co, Instant start, int duration,
                                   Integer ring, String account, BigDecimal cost) throws UnparseableLineException {
        if (dial.startsWith("<D>")) {
            int i = dial.indexOf("<I>");
            String ddi = i < 0 ? dial.substring(3) : dial.substring(3, i);
            String caller = i < 0 ? null : dial.substring(i + 3);
            return new CallRecord(start, duration, ring, CallRecord.IN, caller, ddi, null, ext, co, account, cost,
                    null);
        }
        if (dial.startsWith("<I>")) {
            return new CallRecord(start, duration, ring, CallRecord.IN, dial.substring(3), ext, null, ext, co, account,
                    cost, null);
        }
        if (dial.startsWith("EXT") || dial.endsWith("EXT")) {
            String other = dial.startsWith("EXT") ? dial.substring(3) : dial.substring(0, dial.length() - 3);
            return new CallRecord(start, duration, ring, CallRecord.INTERNAL, ext, other, other, ext, null, account,
                    cost, null);
        }
        if (!dial.isEmpty() && dial.chars().noneMatch(Character::isDigit)) {
            throw UnparseableLineException.field("Dial Number", dial, "is a status message, not a call");
        }
        String direction = dial.isEmpty() ? null : CallRecord.OUT;
        return new CallRecord(start, duration, ring, direction, ext, dial, dial, ext, co, account, cost, null);
    }

    private LocalDate date(String text) throws UnparseableLineException {
        try {
            return LocalDate.parse(text, dateFormat);
        } catch (DateTimeException e) {
            throw UnparseableLineException.field("columns 1-8 (Date)", text, "is not " + datePattern);
        }
    }

    /** {@code hh:mmAM} / {@code hh:mmPM}; without AM/PM a 24-hour time. */
    private static LocalTime endTime(String text) throws UnparseableLineException {
        String half = text.substring(5).toUpperCase(Locale.ROOT);
        if (text.charAt(2) == ':' && CdrFields.digits(text, 0, 2) && CdrFields.digits(text, 3, 5)) {
            int h = Integer.parseInt(text.substring(0, 2));
            int m = Integer.parseInt(text.substring(3, 5));
            boolean twelveHour = half.equals("AM") || half.equals("PM");
            if (m <= 59 && (twelveHour ? h >= 1 && h <= 12 : half.isBlank() && h <= 23)) {
                int hour = !twelveHour ? h : half.equals("AM") ? h % 12 : h % 12 + 12;
                return LocalTime.of(hour, m);
            }
        }
        throw UnparseableLineException.field("columns 10-16 (Time)", text, "is not hh:mmAM or hh:mmPM");
    }

    private static List<Word> words(String line, int from) {
        List<Word> words = new ArrayList<>();
        int i = from;
        while (i < line.length()) {
            while (i < line.length() && line.charAt(i) == ' ') {
                i++;
            }
            int start = i;
            while (i < line.length() && line.charAt(i) != ' ') {
                i++;
            }
            if (i > start) {
                words.add(new Word(start, line.substring(start, i)));
            }
        }
        return words;
    }
}
