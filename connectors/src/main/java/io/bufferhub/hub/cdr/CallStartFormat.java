package io.bufferhub.hub.cdr;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.regex.Pattern;

/**
 * How the configurable formats read the call start: an operator's {@link DateTimeFormatter} pattern, Unix epoch
 * seconds (as Cisco CUCM writes), or a lenient ISO-like form. A time without offset is the PBX's local time; a
 * date without time is the start of that day. Immutable, so one instance serves every thread.
 */
final class CallStartFormat {

    /** The spec word for Unix epoch seconds. */
    static final String EPOCH = "epoch";
    /**
     * The spec word for the lenient form: {@code 2024-01-31 17:05[:00[.000]]} with {@code /} for {@code -} or
     * {@code T} for the blank allowed and an optional offset ({@code Z}, {@code +01:00}), or epoch seconds.
     */
    static final String ISO = "iso";

    private static final Pattern EPOCH_SECONDS = Pattern.compile("-?\\d{1,12}");
    private static final DateTimeFormatter ISO_LIKE =
            CdrFields.strictPattern("uuuu[-][/]MM[-][/]dd[['T'][' ']HH:mm[:ss[.SSS]]][XXX]");

    private final DateTimeFormatter formatter;
    private final boolean epochSeconds;
    private final String expected;

    private CallStartFormat(DateTimeFormatter formatter, boolean epochSeconds, String expected) {
        this.formatter = formatter;
        this.epochSeconds = epochSeconds;
        this.expected = expected;
    }

    /**
     * The format named in a spec: {@link #EPOCH}, {@link #ISO} or a {@link DateTimeFormatter} pattern.
     *
     * @throws IllegalArgumentException when the pattern is not valid
     */
    static CallStartFormat of(String spec) {
        if (spec.equals(EPOCH)) {
            return new CallStartFormat(null, true, "is not epoch seconds");
        }
        if (spec.equals(ISO)) {
            return new CallStartFormat(ISO_LIKE, true, "is not a date and time like 2024-01-31 17:05:00");
        }
        try {
            return new CallStartFormat(CdrFields.strictPattern(spec), false, "is not " + spec);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("datePattern '" + spec + "' is not a valid date pattern: "
                    + e.getMessage(), e);
        }
    }

    /** The instant a field denotes, local times taken in the PBX's zone. */
    Instant parse(String text, ParseContext ctx, String field) throws UnparseableLineException {
        String t = text.strip();
        if (epochSeconds && EPOCH_SECONDS.matcher(t).matches()) {
            return Instant.ofEpochSecond(Long.parseLong(t));
        }
        if (formatter != null) {
            try {
                TemporalAccessor parsed = formatter.parseBest(t, ZonedDateTime::from, LocalDateTime::from,
                        LocalDate::from);
                if (parsed instanceof ZonedDateTime z) {
                    return z.toInstant();
                }
                LocalDateTime local = parsed instanceof LocalDateTime l ? l : ((LocalDate) parsed).atStartOfDay();
                return local.atZone(ctx.zone()).toInstant();
            } catch (DateTimeException e) {
                // reported below
            }
        }
        throw UnparseableLineException.field(field, text, expected);
    }
}
