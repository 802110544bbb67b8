package io.bufferhub.hub.cdr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

class MitelSmdrParserTest {

    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final ParseContext NOV_2026 = new ParseContext(UTC, Instant.parse("2026-11-21T12:00:00Z"));
    private static final CdrParser PARSER = new MitelSmdrParser();

    // printed by the simulator (device-sim PbxFormat.MITEL), 90 columns
    private static final String SIM_OUT =
            " 11/20 04:55P 00:01:06 4050  9   901149219134445            00000   0114                  ";
    private static final String SIM_IN =
            " 11/20 04:56P 00:00:55 5442  18  4082                       00000 I 4082                  ";
    private static final String SIM_INTERNAL =
            " 11/20 04:55P 00:04:22 4059  3   4027                       00000   4027                  ";
    private static final String SIM_LONG =
            "+11/20 04:55P 01:14:27 4035  14  914749930137               00000   1474                  ";
    private static final String SIM_AFTER_MIDNIGHT =
            " 01/01 12:01  00:03:32 222   18  9112                       00000   112                   ";

    // laid out by the manual's column table: standard, with ANI/DNIS, extended digit length
    private static final String STD_OUT =
            " 06/26 02:15P 00:03:27 2001      914165551234              A T012       4455         001  ";
    private static final String STD_IN_ANI = "%12/31 11:58P 00:12:05 T007  012 8005551212                  2001"
            + "                    001   4165550000 8005551212";
    private static final String STD_INTERNAL =
            " 01/02 12:05  00:00:31 2001      2002                        2002                    001  ";
    private static final String ATTENDANT_UNANSWERED =
            " 03/04 09:00  00:00:10 T001 ****                             2003                    001  ";
    private static final String EXT_OUT = " 06/26 14:15  0101:02:03 4001234      9011441234567890            T0012"
            + "            778899       001  ";
    private static final String EXT_IN_ANI = " 06/26 02:15P 0000:00:45 T0007    007 5551212                     "
            + "4001234                       001   4165550000 5551212";

    private static CallRecord call(String line, ParseContext ctx) {
        ParseResult r = PARSER.parse(line, ctx);
        assertTrue(r.isOk(), () -> "expected a call, got: " + r.error());
        return r.call();
    }

    private static String error(String line) {
        ParseResult r = PARSER.parse(line, NOV_2026);
        assertFalse(r.isOk(), () -> "expected a failure, got " + r.call());
        return r.error();
    }

    @Test
    void readsTheSimulatorsOutboundCall() {
        CallRecord c = call(SIM_OUT, NOV_2026);
        assertEquals(Instant.parse("2026-11-20T16:55:00Z"), c.callStart());
        assertEquals(66, c.durationSeconds());
        assertEquals(9, c.ringSeconds());
        assertEquals(CallRecord.OUT, c.direction());
        assertEquals("901149219134445", c.dialled());
        assertEquals("901149219134445", c.called());
        assertEquals("4050", c.caller());
        assertEquals("4050", c.extension());
        assertNull(c.trunk());
        assertNull(c.callId());
    }

    @Test
    void readsTheSimulatorsInboundAndInternalCalls() {
        CallRecord in = call(SIM_IN, NOV_2026);
        assertEquals(CallRecord.IN, in.direction());
        assertEquals("5442", in.caller());
        assertEquals("4082", in.called());
        assertEquals("4082", in.extension());
        assertEquals(18, in.ringSeconds());
        CallRecord internal = call(SIM_INTERNAL, NOV_2026);
        assertEquals(CallRecord.INTERNAL, internal.direction());
        assertEquals("4059", internal.extension());
        assertEquals("4027", internal.called());
        assertEquals(3600 + 14 * 60 + 27, call(SIM_LONG, NOV_2026).durationSeconds());
    }

    @Test
    void twelveWithoutPIsJustAfterMidnightUnlessTheClockIs24Hours() {
        ParseContext newYear = new ParseContext(UTC, Instant.parse("2027-01-01T00:10:00Z"));
        assertEquals(Instant.parse("2027-01-01T00:01:00Z"), call(SIM_AFTER_MIDNIGHT, newYear).callStart());
        assertEquals("9112", call(SIM_AFTER_MIDNIGHT, newYear).dialled());
        ParseContext noon = new ParseContext(UTC, Instant.parse("2027-01-01T13:00:00Z"));
        assertEquals(Instant.parse("2027-01-01T12:01:00Z"),
                new MitelSmdrParser(true).parse(SIM_AFTER_MIDNIGHT, noon).call().callStart());
        assertEquals(Instant.parse("2026-06-26T14:15:00Z"), call(STD_OUT, NOV_2026).callStart());
        assertEquals(Instant.parse("2026-07-04T12:20:00Z"), call(
                "%07/04 12:20P 00:13:01 241   20  98803334                   00000   8803                  ",
                NOV_2026).callStart());
    }

    @Test
    void readsTheManualsStandardLayout() {
        CallRecord out = call(STD_OUT, NOV_2026);
        assertEquals(CallRecord.OUT, out.direction());
        assertEquals(207, out.durationSeconds());
        assertEquals("2001", out.extension());
        assertEquals("012", out.trunk());
        assertEquals("914165551234", out.dialled());
        assertEquals("914165551234", out.called());
        assertEquals("4455", out.accountCode());
        assertNull(out.ringSeconds());

        CallRecord internal = call(STD_INTERNAL, NOV_2026);
        assertEquals(CallRecord.INTERNAL, internal.direction());
        assertEquals("2002", internal.called());
        assertEquals("2001", internal.extension());
    }

    @Test
    void inboundTrunkCallsUseAniAndDnisWhenPrinted() {
        ParseContext jan2 = new ParseContext(UTC, Instant.parse("2027-01-02T08:00:00Z"));
        CallRecord in = call(STD_IN_ANI, jan2);
        assertEquals(Instant.parse("2026-12-31T23:58:00Z"), in.callStart());
        assertEquals(CallRecord.IN, in.direction());
        assertEquals("007", in.trunk());
        assertEquals("4165550000", in.caller());
        assertEquals("8005551212", in.called());
        assertEquals("2001", in.extension());
        assertEquals(12, in.ringSeconds());
        assertEquals(725, in.durationSeconds());

        CallRecord unanswered = call(ATTENDANT_UNANSWERED, NOV_2026);
        assertNull(unanswered.ringSeconds());
        assertNull(unanswered.caller());
        assertEquals("001", unanswered.trunk());
    }

    @Test
    void readsTheExtendedDigitLengthLayout() {
        CallRecord out = call(EXT_OUT, NOV_2026);
        assertEquals(101 * 3600 + 2 * 60 + 3, out.durationSeconds());
        assertEquals("4001234", out.extension());
        assertEquals("0012", out.trunk());
        assertEquals("9011441234567890", out.dialled());
        assertEquals("778899", out.accountCode());
        assertEquals(Instant.parse("2026-06-26T14:15:00Z"), out.callStart());

        CallRecord in = call(EXT_IN_ANI, NOV_2026);
        assertEquals(CallRecord.IN, in.direction());
        assertEquals("0007", in.trunk());
        assertEquals("4001234", in.extension());
        assertEquals("4165550000", in.caller());
        assertEquals("5551212", in.called());
        assertEquals(7, in.ringSeconds());
    }

    @Test
    void toleratesTrimmedTrailingBlanksAndLongerOptionLayouts() {
        assertEquals(call(SIM_OUT, NOV_2026), call(SIM_OUT.stripTrailing(), NOV_2026));
        assertEquals(call(STD_OUT, NOV_2026), call(STD_OUT.stripTrailing() + "\r\n", NOV_2026));
        assertEquals(call(STD_OUT, NOV_2026), call(STD_OUT + " ".repeat(22), NOV_2026));
    }

    @Test
    void theYearIsTheLatestNotAfterTheReceiveTime() {
        LocalTime t = LocalTime.of(23, 58);
        assertEquals(LocalDateTime.of(2026, 12, 31, 23, 58),
                MitelSmdrParser.dateBefore(MonthDay.of(12, 31), t, LocalDateTime.of(2027, 1, 2, 0, 10)));
        assertEquals(LocalDateTime.of(2027, 1, 2, 0, 5), MitelSmdrParser.dateBefore(MonthDay.of(1, 2),
                LocalTime.of(0, 5), LocalDateTime.of(2027, 1, 2, 0, 10)));
        // a PBX clock a little ahead at new year stays in the new year
        assertEquals(LocalDateTime.of(2027, 1, 1, 0, 1), MitelSmdrParser.dateBefore(MonthDay.of(1, 1),
                LocalTime.of(0, 1), LocalDateTime.of(2026, 12, 31, 23, 59)));
        // more than the grace ahead is last year's date
        assertEquals(LocalDateTime.of(2026, 1, 3, 10, 0), MitelSmdrParser.dateBefore(MonthDay.of(1, 3),
                LocalTime.of(10, 0), LocalDateTime.of(2027, 1, 2, 9, 0)));
        assertEquals(LocalDateTime.of(2024, 2, 29, 8, 0), MitelSmdrParser.dateBefore(MonthDay.of(2, 29),
                LocalTime.of(8, 0), LocalDateTime.of(2027, 3, 1, 0, 0)));
    }

    @Test
    void explainsBadDatesTimesAndFlags() {
        assertEquals("columns 2-6 (Date): '13/26' is not MM/DD", error(STD_OUT.replace("06/26", "13/26")));
        assertEquals("columns 2-6 (Date): '02/30' is not MM/DD", error(STD_OUT.replace("06/26", "02/30")));
        assertEquals("columns 8-13 (Start Time): '13:15P' is not hh:mm with P for pm",
                error(STD_OUT.replace("02:15P", "13:15P")));
        assertEquals("column 1 (Long Call): 'x' is not blank, -, % or +", error("x" + STD_OUT.substring(1)));
        assertTrue(error(STD_OUT.replace("00:03:27", "00:03:7x")).startsWith("columns 15-22 (Duration)"));
    }

    @Test
    void theMaximumDurationMarkIsRead() {
        assertEquals(99 * 3600 + 3599, call(STD_OUT.replace("00:03:27", "99:99:99"), NOV_2026).durationSeconds());
    }

    @Test
    void truncatedGarbageAndHeaderLinesAreNotCalls() {
        assertEquals("line is only 20 columns; a Mitel SMDR record has at least 27", error(STD_OUT.substring(0, 20)));
        assertTrue(error("DATE  TIME   DURATION CALLER DIGITS DIALED").startsWith("column "));
        assertTrue(error("hello world, this is not an SMDR record at all").startsWith("column"));
        assertEquals("line is 200 columns; Mitel SMDR has at most 131", error(STD_OUT + "x".repeat(110)));
        assertEquals("separator line, not a call record", error("=".repeat(90)));
    }
}
