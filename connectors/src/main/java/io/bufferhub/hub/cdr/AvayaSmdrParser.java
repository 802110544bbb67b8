package io.bufferhub.hub.cdr;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.Locale;

/**
 * Avaya IP Office SMDR (CDR-FORMATS.md): comma-separated, no quoting, 17 fields in early releases, 27 with the
 * charging fields and 35 in later releases; fields beyond 35 are ignored so a newer release still parses.
 *
 * <p>Mapping: Call Start (local time) → callStart; Connected Time → duration; Ring Time → ring; Direction I/O,
 * with Is Internal = 1 meaning internal; Call ID → callId; Call Charge (field 21) → cost when present. The
 * extension is the {@code E<ext>} party: Party2Device first for inbound calls and Party1Device first otherwise,
 * falling back to the other, as IP Office lists the extension first on inbound calls too. The trunk is the
 * {@code T<nnnn>} party. Both lose their letter. Hold and Park Time are checked but not kept.
 */
public final class AvayaSmdrParser extends AbstractCdrParser {

    /** Fields of the oldest releases; every record has at least these. */
    public static final int MIN_FIELDS = 17;

    private static final DateTimeFormatter CALL_START =
            DateTimeFormatter.ofPattern("uuuu/MM/dd HH:mm:ss", Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);
    private static final int CALL_CHARGE = 20;

    /** The parser for spec {@code avaya}. */
    public AvayaSmdrParser() {
        super("avaya");
    }

    @Override
    CallRecord parseLine(String line, ParseContext ctx) throws UnparseableLineException {
        String[] f = line.split(",", -1);
        if (f.length < MIN_FIELDS) {
            throw new UnparseableLineException("only " + f.length + " comma-separated fields; Avaya SMDR has at least "
                    + MIN_FIELDS);
        }
        Instant start = CdrFields.localDateTime(f[0], CALL_START, "field 1 (Call Start)",
                "is not YYYY/MM/DD HH:MM:SS").atZone(ctx.zone()).toInstant();
        int connected = CdrFields.clock(f[1], "field 2 (Connected Time)", "is not HH:MM:SS");
        int ring = CdrFields.seconds(f[2], "field 3 (Ring Time)");
        String direction = direction(f[4], f[8]);
        optionalSeconds(f[15], "field 16 (Hold Time)");
        optionalSeconds(f[16], "field 17 (Park Time)");
        BigDecimal cost = f.length > CALL_CHARGE && !f[CALL_CHARGE].isBlank()
                ? CdrFields.money(f[CALL_CHARGE], "field 21 (Call Charge)") : null;
        String party1 = f[11].strip();
        String party2 = f[13].strip();
        String extension = CallRecord.IN.equals(direction)
                ? device('E', party2, party1) : device('E', party1, party2);
        return new CallRecord(start, connected, ring, direction, f[3], f[5], f[6], extension,
                device('T', party1, party2), f[7], cost, f[9]);
    }

    private static String direction(String io, String isInternal) throws UnparseableLineException {
        String internal = isInternal.strip();
        if (!internal.equals("0") && !internal.equals("1")) {
            throw UnparseableLineException.field("field 9 (Is Internal)", isInternal, "is not 0 or 1");
        }
        String d = io.strip();
        if (!d.equals("I") && !d.equals("O")) {
            throw UnparseableLineException.field("field 5 (Direction)", io, "is not I or O");
        }
        return internal.equals("1") ? CallRecord.INTERNAL : d.equals("I") ? CallRecord.IN : CallRecord.OUT;
    }

    private static void optionalSeconds(String text, String field) throws UnparseableLineException {
        if (!text.isBlank()) {
            CdrFields.seconds(text, field);
        }
    }

    /** The first of the two devices of the given kind ({@code E} extension, {@code T} trunk), without its letter. */
    private static String device(char kind, String first, String second) {
        for (String d : new String[] {first, second}) {
            if (d.length() > 1 && d.charAt(0) == kind) {
                return d.substring(1);
            }
        }
        return null;
    }
}
