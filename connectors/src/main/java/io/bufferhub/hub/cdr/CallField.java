package io.bufferhub.hub.cdr;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The call fields an operator can map in the configurable formats: CSV columns ({@code csv:caller=3}) and regex
 * named groups ({@code (?<caller>…)}) use the same names, and both read their values into a {@link CallRecord}
 * the same way.
 */
enum CallField {
    CALL_START("callStart"),
    DURATION("duration"),
    RING("ring"),
    CALLER("caller"),
    CALLED("called"),
    DIALLED("dialled"),
    EXTENSION("extension"),
    TRUNK("trunk"),
    ACCOUNT("account"),
    COST("cost"),
    DIRECTION("direction"),
    CALL_ID("callId");

    /** The name used in specs. */
    final String key;

    CallField(String key) {
        this.key = key;
    }

    /** The field of a spec name, or null. */
    static CallField byKey(String key) {
        for (CallField f : values()) {
            if (f.key.equals(key)) {
                return f;
            }
        }
        return null;
    }

    /** Every spec name, for messages. */
    static String keys() {
        return Arrays.stream(values()).map(f -> f.key).collect(Collectors.joining(", "));
    }

    /** Where a value of a line came from, for messages: {@code column 3 (caller)}, {@code group caller}. */
    interface Source {
        /** The raw value of a field, or null when the format does not map it or the line left it out. */
        String value(CallField field);

        /** The field's place in the line, for messages. */
        String label(CallField field);
    }

    /**
     * Reads mapped values into a call: durations in any form ({@link CdrFields#anyDuration}), cost as money,
     * direction as {@code in/inbound/incoming/i}, {@code out/outbound/outgoing/o} or
     * {@code internal/intercom}, ignoring case. Blank or unmapped values are null.
     */
    static CallRecord read(Source line, CallStartFormat startFormat, ParseContext ctx)
            throws UnparseableLineException {
        Instant start = present(line, CALL_START)
                ? startFormat.parse(line.value(CALL_START), ctx, line.label(CALL_START)) : null;
        Integer duration = present(line, DURATION)
                ? CdrFields.anyDuration(line.value(DURATION), line.label(DURATION)) : null;
        Integer ring = present(line, RING) ? CdrFields.anyDuration(line.value(RING), line.label(RING)) : null;
        BigDecimal cost = present(line, COST) ? CdrFields.money(line.value(COST), line.label(COST)) : null;
        String direction = present(line, DIRECTION)
                ? direction(line.value(DIRECTION), line.label(DIRECTION)) : null;
        return new CallRecord(start, duration, ring, direction, line.value(CALLER), line.value(CALLED),
                line.value(DIALLED), line.value(EXTENSION), line.value(TRUNK), line.value(ACCOUNT), cost,
                line.value(CALL_ID));
    }

    private static boolean present(Source line, CallField field) {
        String v = line.value(field);
        return v != null && !v.isBlank();
    }

    private static String direction(String text, String label) throws UnparseableLineException {
        switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "i", "in", "inbound", "incoming":
                return CallRecord.IN;
            case "o", "out", "outbound", "outgoing":
                return CallRecord.OUT;
            case "internal", "intercom":
                return CallRecord.INTERNAL;
            default:
                throw UnparseableLineException.field(label, text, "is not in, out or internal");
        }
    }
}
