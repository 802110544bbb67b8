package io.bufferhub.hub.cdr;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Readers for the field shapes PBX formats share (seconds, clock durations, money), each failing with a message
 * that names the field and quotes the value. The patterns are anchored and free of nested repetition, so they run
 * in time linear in the field.
 */
final class CdrFields {

    /** {@code HH:MM:SS} or Panasonic's {@code hh:mm'ss}; hours up to 4 digits (Mitel extended digit length). */
    private static final Pattern CLOCK = Pattern.compile("(\\d{1,4}):([0-5]\\d)[:'](\\d\\d)");
    /** Panasonic's ring time {@code m'ss}. */
    private static final Pattern MINUTES_SECONDS = Pattern.compile("(\\d{1,3})'(\\d\\d)");
    /** A plain number of seconds, small enough for an int. */
    private static final Pattern SECONDS = Pattern.compile("\\d{1,9}");
    /** An amount with an optional currency sign before and currency letters after ({@code 00560.00EU}). */
    private static final Pattern MONEY =
            Pattern.compile("[$€£¥]?\\s?(-?\\d{1,12})(?:[.,](\\d{1,6}))?\\s?[A-Za-z]{0,3}");

    private CdrFields() {
    }

    /** A plain number of seconds. */
    static int seconds(String text, String field) throws UnparseableLineException {
        String t = text.strip();
        if (!SECONDS.matcher(t).matches()) {
            throw UnparseableLineException.field(field, text, "is not a number of seconds");
        }
        return Integer.parseInt(t);
    }

    /** A clock-style duration: {@code HH:MM:SS}, {@code hh:mm'ss} or {@code m'ss}. */
    static int clock(String text, String field, String expected) throws UnparseableLineException {
        String t = text.strip();
        Matcher m = CLOCK.matcher(t);
        if (m.matches() && Integer.parseInt(m.group(3)) < 60) {
            return Integer.parseInt(m.group(1)) * 3600 + Integer.parseInt(m.group(2)) * 60
                    + Integer.parseInt(m.group(3));
        }
        m = MINUTES_SECONDS.matcher(t);
        if (m.matches() && Integer.parseInt(m.group(2)) < 60) {
            return Integer.parseInt(m.group(1)) * 60 + Integer.parseInt(m.group(2));
        }
        throw UnparseableLineException.field(field, text, expected);
    }

    /** Any duration a generic format may hold: plain seconds or one of the clock forms. */
    static int anyDuration(String text, String field) throws UnparseableLineException {
        String t = text.strip();
        if (SECONDS.matcher(t).matches()) {
            return Integer.parseInt(t);
        }
        return clock(t, field, "is not seconds, HH:MM:SS, hh:mm'ss or m'ss");
    }

    /** An amount of money; a comma is read as the decimal separator. */
    static BigDecimal money(String text, String field) throws UnparseableLineException {
        Matcher m = MONEY.matcher(text.strip());
        if (!m.matches()) {
            throw UnparseableLineException.field(field, text, "is not an amount of money");
        }
        return new BigDecimal(m.group(2) == null ? m.group(1) : m.group(1) + "." + m.group(2));
    }

    /** A local date and time in the given layout (which must resolve strictly, e.g. month 13 fails). */
    static LocalDateTime localDateTime(String text, DateTimeFormatter format, String field, String expected)
            throws UnparseableLineException {
        try {
            return LocalDateTime.parse(text.strip(), format);
        } catch (DateTimeException e) {
            throw UnparseableLineException.field(field, text, expected);
        }
    }

    /**
     * A formatter for an operator's date pattern that resolves strictly (month 13 or February 30 fail), accepting
     * {@code yyyy} as well as {@code uuuu} for the year.
     *
     * @throws IllegalArgumentException when the pattern is not a valid {@link DateTimeFormatter} pattern
     */
    static DateTimeFormatter strictPattern(String pattern) {
        return new DateTimeFormatterBuilder().appendPattern(pattern)
                .parseDefaulting(ChronoField.ERA, 1) // lets year-of-era (yyyy) resolve under STRICT
                .toFormatter(Locale.US).withResolverStyle(ResolverStyle.STRICT); // English month and AM/PM names
    }

    /** Whether {@code s} holds only ASCII digits from {@code from} to {@code to} (and that range is not empty). */
    static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return to > from;
    }

    /** Checks that a fixed-width line has the blank the layout puts between two fields. */
    static void spacer(String padded, int column, String format) throws UnparseableLineException {
        if (padded.charAt(column) != ' ') {
            throw UnparseableLineException.field("column " + (column + 1), padded.substring(column, column + 1),
                    "should be a space; not a " + format + " record");
        }
    }

    /** The text between two 0-based columns of a fixed-width line padded far enough, stripped. */
    static String columns(String padded, int from, int to) {
        return padded.substring(from, to).strip();
    }

    /** The line padded with spaces to at least {@code width}, so fixed columns can be cut without bounds checks. */
    static String padded(String line, int width) {
        return line.length() >= width ? line : line + " ".repeat(width - line.length());
    }
}
