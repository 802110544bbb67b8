package io.bufferhub.hub.alerts;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * When a site is open, so toll-fraud rules can tell an ordinary international call from one made at night or at
 * the weekend. Open from {@code start} (inclusive) to {@code end} (exclusive) on each of {@code days}, in
 * whatever zone the caller converts to; an {@code end} of {@link LocalTime#MAX} stands for 24:00.
 *
 * @param start first open minute of an open day
 * @param end   first closed minute after {@code start}
 * @param days  the open days; empty means never open
 */
public record BusinessHours(LocalTime start, LocalTime end, Set<DayOfWeek> days) {

    /** Requires start before end, and keeps an unmodifiable copy of the days. */
    public BusinessHours {
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("business hours must start before they end: " + start + "-" + end);
        }
        days = Collections.unmodifiableSet(days.isEmpty() ? EnumSet.noneOf(DayOfWeek.class) : EnumSet.copyOf(days));
    }

    /** Whether the site is open at this local date and time. */
    public boolean contains(ZonedDateTime t) {
        LocalTime time = t.toLocalTime();
        return days.contains(t.getDayOfWeek()) && !time.isBefore(start) && time.isBefore(end);
    }

    /**
     * Reads {@code HH:MM-HH:MM} ({@code 24:00} allowed as end) and a day list: days ({@code MON}, {@code monday})
     * and ranges ({@code MON-FRI}, wrapping as in {@code FRI-MON}), comma-separated; blank means no day.
     *
     * @throws IllegalArgumentException naming the bad part
     */
    public static BusinessHours parse(String hours, String days) {
        String[] range = hours.strip().split("-", -1);
        if (range.length != 2) {
            throw new IllegalArgumentException("'" + hours + "' is not HH:MM-HH:MM");
        }
        return new BusinessHours(time(range[0]), range[1].strip().equals("24:00") ? LocalTime.MAX : time(range[1]),
                days(days));
    }

    private static LocalTime time(String text) {
        try {
            return LocalTime.parse(text.strip());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + text.strip() + "' is not a time HH:MM");
        }
    }

    private static Set<DayOfWeek> days(String text) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        if (text.isBlank()) {
            return days;
        }
        for (String item : text.split(",", -1)) {
            String[] range = item.strip().split("-", -1);
            if (range.length > 2) {
                throw new IllegalArgumentException("'" + item.strip() + "' is not a day or a range of days");
            }
            DayOfWeek from = day(range[0]);
            DayOfWeek to = range.length == 2 ? day(range[1]) : from;
            for (DayOfWeek d = from; ; d = d.plus(1)) {
                days.add(d);
                if (d == to) {
                    break;
                }
            }
        }
        return days;
    }

    private static DayOfWeek day(String text) {
        String t = text.strip().toUpperCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            if (t.length() >= 3 && d.name().startsWith(t)) {
                return d;
            }
        }
        throw new IllegalArgumentException("'" + text.strip() + "' is not a day (MON, TUE, … or MONDAY, …)");
    }
}
