package io.bufferhub.hub.cdr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

class AvayaSmdrParserTest {

    private static final ParseContext UTC = new ParseContext(ZoneId.of("UTC"), Instant.parse("2026-11-21T12:00:00Z"));
    private static final CdrParser PARSER = new AvayaSmdrParser();

    /** The example of CDR-FORMATS.md: an internal call of the 17-field layout. */
    private static final String MANUAL = "2008/06/26 10:27:44,00:00:44,4,4688,O,4207,4207,,1,1000013898,0,E4688,"
            + "Joe Bloggs,E4207,John Smith,0,0";
    /** Printed by the simulator: an outbound international call, 35 fields. */
    private static final String SIM_OUT = "2026/11/20 16:55:38,00:01:06,9,4050,O,01149219134445,901149219134445,,0,"
            + "1000002,0,E4050,Extn4050,T9006,Line 6.9,34,0,0,n/a,,0,,0.00,0,0,0,100,,,,192.168.229.33,104,"
            + "192.168.229.33,105,2026/11/20 16:57:27";
    /** Printed by the simulator: an inbound call, the extension listed first as IP Office does. */
    private static final String SIM_IN = "2026/11/20 16:56:31,00:00:55,18,5442332512,I,4082,4082,,0,1000008,0,"
            + "E4082,Noah Sato,T9006,Line 6.12,0,0,0,n/a,,0,,0.00,0,0,0,100,,,,192.168.229.33,116,192.168.229.33,"
            + "117,2026/11/20 16:57:44";

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
    void readsTheManualsExampleAsAnInternalCall() {
        CallRecord c = call(MANUAL);
        assertEquals(Instant.parse("2008-06-26T10:27:44Z"), c.callStart());
        assertEquals(44, c.durationSeconds());
        assertEquals(4, c.ringSeconds());
        assertEquals(CallRecord.INTERNAL, c.direction());
        assertEquals("4688", c.caller());
        assertEquals("4207", c.called());
        assertEquals("4207", c.dialled());
        assertEquals("4688", c.extension());
        assertNull(c.trunk());
        assertNull(c.accountCode());
        assertNull(c.cost());
        assertEquals("1000013898", c.callId());
    }

    @Test
    void readsTheSimulatorsOutboundCall() {
        CallRecord c = call(SIM_OUT);
        assertEquals(Instant.parse("2026-11-20T16:55:38Z"), c.callStart());
        assertEquals(66, c.durationSeconds());
        assertEquals(9, c.ringSeconds());
        assertEquals(CallRecord.OUT, c.direction());
        assertEquals("901149219134445", c.dialled());
        assertEquals("01149219134445", c.called());
        assertEquals("4050", c.extension());
        assertEquals("9006", c.trunk());
        assertEquals(new BigDecimal("0"), c.cost());
        assertEquals("1000002", c.callId());
    }

    @Test
    void inboundCallsTakeTheExtensionFromEitherPartyAndTheTrunkFromTheOther() {
        CallRecord c = call(SIM_IN);
        assertEquals(CallRecord.IN, c.direction());
        assertEquals("5442332512", c.caller());
        assertEquals("4082", c.extension());
        assertEquals("9006", c.trunk());
        String party2First = "2026/11/20 16:56:31,00:00:55,18,5442332512,I,4082,4082,,0,1000008,0,T9002,Line 2,"
                + "E4011,Anna,0,0";
        assertEquals("4011", call(party2First).extension());
        assertEquals("9002", call(party2First).trunk());
        String voicemail = "2026/11/20 16:56:31,00:00:20,3,,I,4082,4082,,0,1000009,0,V8001,VM Channel 1,T9003,"
                + "Line 3.1,0,0";
        assertNull(call(voicemail).extension());
        assertNull(call(voicemail).caller());
    }

    @Test
    void takesTheLocalTimeInThePbxZone() {
        ParseContext paris = new ParseContext(ZoneId.of("Europe/Paris"), Instant.parse("2008-06-27T00:00:00Z"));
        assertEquals(Instant.parse("2008-06-26T08:27:44Z"), PARSER.parse(MANUAL, paris).call().callStart());
    }

    @Test
    void readsTheCallChargeAndAccountCode() {
        String charged = "2026/01/05 09:00:00,00:10:00,5,201,O,0044207,90044207,7788,0,55,0,E201,A,T9001,L,0,0,"
                + "0,n/a,,1.25,EUR,0.00,5,0,2500,100";
        CallRecord c = call(charged);
        assertEquals(new BigDecimal("1.25"), c.cost());
        assertEquals("7788", c.accountCode());
        assertEquals(600, c.durationSeconds());
    }

    @Test
    void explainsWrongDatesAndTimes() {
        assertEquals("field 1 (Call Start): '2008/13/26 10:27:44' is not YYYY/MM/DD HH:MM:SS",
                error(MANUAL.replace("2008/06/26", "2008/13/26")));
        assertTrue(error(MANUAL.replace("2008/06/26", "2023/02/29")).startsWith("field 1 (Call Start)"));
        assertEquals("field 2 (Connected Time): '00:61:00' is not HH:MM:SS",
                error(MANUAL.replace("00:00:44", "00:61:00")));
        assertTrue(error(MANUAL.replace(",4,4688", ",x,4688")).startsWith("field 3 (Ring Time)"));
    }

    @Test
    void explainsBadDirectionAndInternalFlag() {
        assertEquals("field 5 (Direction): 'X' is not I or O", error(MANUAL.replace(",O,", ",X,")));
        assertEquals("field 9 (Is Internal): '2' is not 0 or 1", error(MANUAL.replace(",,1,1000", ",,2,1000")));
        assertTrue(error(MANUAL.replace(",0,0", ",0,zz")).startsWith("field 17 (Park Time)"));
    }

    @Test
    void truncatedHeaderAndBlankLinesAreNotCalls() {
        assertEquals("only 10 comma-separated fields; Avaya SMDR has at least 17",
                error(MANUAL.substring(0, 60)));
        assertTrue(error("Call Start,Connected Time,Ring Time,Caller,Direction,Called Number,Dialled Number,"
                + "Account,Is Internal,Call ID,Continuation,Party1Device,Party1Name,Party2Device,Party2Name,"
                + "Hold Time,Park Time").startsWith("field 1 (Call Start)"));
        assertEquals("blank line", error("   \r\n"));
        assertEquals("separator line, not a call record", error("-------------"));
    }

    @Test
    void ignoresTheLineEndAndFieldsOfLaterReleases() {
        assertEquals(call(MANUAL), call(MANUAL + "\r\n"));
        assertEquals(call(MANUAL), call(MANUAL + ",,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,"));
    }

    @Test
    void cutsOverlongFieldsAndRefusesOverlongLines() {
        String longName = "9".repeat(200);
        CallRecord c = call(MANUAL.replace(",4207,4207,", "," + longName + ",4207,"));
        assertEquals(CallRecord.MAX_TEXT, c.called().length());
        assertEquals("line longer than 4096 characters", error(MANUAL + ",".repeat(4100)));
    }
}
