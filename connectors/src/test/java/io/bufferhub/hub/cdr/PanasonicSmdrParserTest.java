package io.bufferhub.hub.cdr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

class PanasonicSmdrParserTest {

    private static final ParseContext UTC = new ParseContext(ZoneId.of("UTC"), Instant.parse("2027-01-02T00:00:00Z"));
    private static final CdrParser PARSER = new PanasonicSmdrParser();

    // printed by the simulator (device-sim PbxFormat.PANASONIC), 80 columns
    private static final String SIM_OUT =
            "11/20/26 04:56PM 4050  01 901149219134445           0'09 00:01'06               ";
    private static final String SIM_IN =
            "11/20/26 04:57PM 4082  01 <I>5442332512             0'18 00:00'55               ";
    private static final String SIM_AFTER_MIDNIGHT =
            "01/01/27 12:05AM 222   01 9112                      0'18 00:03'32               ";
    private static final String SIM_AFTER_NOON =
            "07/04/26 12:33PM 241   01 98803334                  0'20 00:13'01               ";

    // laid out as the manual's patterns A (ring, account, CD), B (cost) and C (120 columns, 4-digit CO)
    private static final String A_IN =
            "01/02/02 10:07AM 1200  01 <I>                       0'05 00:01'05 9876543210   ";
    private static final String A_OUT =
            "01/02/02 10:15AM *123  01 1234567890123456               00:01'05 9876543210 TR";
    private static final String A_DDI =
            "01/02/02 01:07PM 1234  01 <D>CDE9876<I>Q COMPANY    0'05 00:01'05              ";
    private static final String A_INTERCOM =
            "01/02/02 03:35PM 1234     EXT1235                        00:00'12              ";
    private static final String B_IN =
            "01/02/02 10:03AM 1210  01 <I>                  00:00'05 00560.00EU 9876543210 NA";
    private static final String C_IN = "01/02/02 10:07AM 1230  0001 <I>ABC COMPANY123456789012345               "
            + "       0'05 00:00'05 00560.00EUR 9876543210 TR";

    private static CallRecord call(String line) {
        ParseResult r = PARSER.parse(line, UTC);
        assertTrue(r.isOk(), () -> "expected a call, got: " + r.error());
        return r.call();
    }

    private static String error(String line) {
        ParseResult r = PARSER.parse(line, UTC);
        assertFalse(r.isOk(), () -> "expected a failure, got " + r.call());
        return r.error();
    }

    @Test
    void theStartIsTheEndTimeLessDurationAndRing() {
        CallRecord c = call(SIM_OUT);
        assertEquals(Instant.parse("2026-11-20T16:54:45Z"), c.callStart()); // 16:56 - 66 s - 9 s
        assertEquals(66, c.durationSeconds());
        assertEquals(9, c.ringSeconds());
        assertEquals(CallRecord.OUT, c.direction());
        assertEquals("901149219134445", c.dialled());
        assertEquals("4050", c.extension());
        assertEquals("4050", c.caller());
        assertEquals("01", c.trunk());
        assertNull(c.accountCode());
        assertNull(c.cost());
    }

    @Test
    void twelveAmIsMidnightAndTwelvePmIsNoon() {
        assertEquals(Instant.parse("2027-01-01T00:01:10Z"), call(SIM_AFTER_MIDNIGHT).callStart());
        assertEquals(Instant.parse("2026-07-04T12:19:39Z"), call(SIM_AFTER_NOON).callStart());
        assertEquals(Instant.parse("2002-01-02T13:05:50Z"), call(A_DDI).callStart()); // 13:07 - 65 s - 5 s
    }

    @Test
    void endTimeArithmeticCrossesMidnightAndUsesThePbxZone() {
        String justAfterMidnight = "01/01/27 12:01AM 222   01 9112                      0'18 00:03'32";
        assertEquals(Instant.parse("2026-12-31T23:57:10Z"), call(justAfterMidnight).callStart());
        ParseContext ny = new ParseContext(ZoneId.of("America/New_York"), Instant.parse("2027-01-02T00:00:00Z"));
        assertEquals(Instant.parse("2026-11-20T21:54:45Z"), PARSER.parse(SIM_OUT, ny).call().callStart());
    }

    @Test
    void incomingCallsAreMarkedWithI() {
        CallRecord c = call(SIM_IN);
        assertEquals(CallRecord.IN, c.direction());
        assertEquals("5442332512", c.caller());
        assertEquals("4082", c.extension());
        assertEquals("4082", c.called());
        assertNull(c.dialled());
        CallRecord a = call(A_IN);
        assertEquals(CallRecord.IN, a.direction());
        assertNull(a.caller());
        assertEquals("9876543210", a.accountCode());
    }

    @Test
    void ddiCallsAreInboundToTheDdiNumber() {
        CallRecord c = call(A_DDI);
        assertEquals(CallRecord.IN, c.direction());
        assertEquals("CDE9876", c.called());
        assertEquals("Q COMPANY", c.caller());
        assertEquals(5, c.ringSeconds());
    }

    @Test
    void intercomCallsAreInternalAndHaveNoTrunk() {
        CallRecord c = call(A_INTERCOM);
        assertEquals(CallRecord.INTERNAL, c.direction());
        assertEquals("1235", c.called());
        assertEquals("1234", c.extension());
        assertNull(c.trunk());
        assertNull(c.ringSeconds());
    }

    @Test
    void readsOutgoingCallsWithoutRingTimeAndTheConditionCode() {
        CallRecord c = call(A_OUT);
        assertEquals(CallRecord.OUT, c.direction());
        assertEquals("1234567890123456", c.dialled());
        assertEquals("*123", c.extension());
        assertEquals("9876543210", c.accountCode());
        assertEquals(Instant.parse("2002-01-02T10:13:55Z"), c.callStart());
    }

    @Test
    void readsCostInPatternsBAndC() {
        CallRecord b = call(B_IN);
        assertEquals(new BigDecimal("560.00"), b.cost());
        assertEquals("9876543210", b.accountCode());
        CallRecord c = call(C_IN);
        assertEquals("0001", c.trunk());
        assertEquals("ABC COMPANY123456789012345", c.caller());
        assertEquals(new BigDecimal("560.00"), c.cost());
        assertEquals(5, c.ringSeconds());
    }

    @Test
    void headingsSeparatorsAndStatusLinesAreNotCalls() {
        assertEquals("column headings, not a call record",
                error("  Date     Time    Ext   CO  Dial Number              Ring Duration Acc code   CD"));
        assertEquals("separator line, not a call record", error("-".repeat(80)));
        assertTrue(error("01/02/02 01:07PM 1234     LOG IN").startsWith("no call duration"));
        assertTrue(error("01/02/02 01:07PM 1234     Timed Reminder/Start 00:00'00").startsWith("Dial Number"));
    }

    @Test
    void explainsWrongDatesAndTimes() {
        assertEquals("columns 1-8 (Date): '13/20/26' is not MM/dd/yy", error(SIM_OUT.replace("11/20/26", "13/20/26")));
        assertEquals("columns 10-16 (Time): '13:56PM' is not hh:mmAM or hh:mmPM",
                error(SIM_OUT.replace("04:56PM", "13:56PM")));
        assertTrue(error(SIM_OUT.substring(0, 20)).startsWith("line is only 20 columns"));
        assertTrue(error(SIM_OUT.replace(" 01 ", " x1 ")).startsWith("columns 24-25 (CO)"));
    }

    @Test
    void dayFirstSitesConfigureTheDateOrder() {
        CdrParser dayFirst = new PanasonicSmdrParser("dd/MM/yy");
        String line = "20/11/26 04:56PM 4050  01 901149219134445           0'09 00:01'06";
        assertEquals(Instant.parse("2026-11-20T16:54:45Z"), dayFirst.parse(line, UTC).call().callStart());
        assertThrows(IllegalArgumentException.class, () -> new PanasonicSmdrParser("dd/MM/yyyy"));
        assertThrows(IllegalArgumentException.class, () -> new PanasonicSmdrParser("HH:mm:ss"));
        assertThrows(IllegalArgumentException.class, () -> new PanasonicSmdrParser("dd/MM/yy'"));
    }
}
