package io.bufferhub.hub.cdr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class CsvCdrParserTest {

    private static final ParseContext BERLIN =
            new ParseContext(ZoneId.of("Europe/Berlin"), Instant.parse("2026-03-01T00:00:00Z"));

    private static CallRecord call(CdrParser parser, String line) {
        ParseResult r = parser.parse(line, BERLIN);
        assertTrue(r.isOk(), () -> "expected a call, got: " + r.error());
        return r.call();
    }

    private static String error(CdrParser parser, String line) {
        ParseResult r = parser.parse(line, BERLIN);
        assertFalse(r.isOk(), () -> "expected a failure, got " + r.call());
        return r.error();
    }

    @Test
    void readsTheMappedColumnsOfTheSpecExample() {
        CdrParser p = CdrParsers.create(
                "csv:separator=;,datePattern=yyyy-MM-dd HH:mm:ss,callStart=1,duration=2,caller=3,called=4");
        CallRecord c = call(p, "2026-02-27 17:05:00;125;4711;00441234567");
        assertEquals(Instant.parse("2026-02-27T16:05:00Z"), c.callStart());
        assertEquals(125, c.durationSeconds());
        assertEquals("4711", c.caller());
        assertEquals("00441234567", c.called());
        assertNull(c.dialled());
        assertNull(c.direction());
        assertEquals("csv", p.name());
    }

    @Test
    void readsEveryFieldKindAndQuotedFields() {
        CdrParser p = CdrParsers.create("csv:datePattern=epoch,callStart=1,duration=2,ring=3,direction=4,"
                + "caller=5,dialled=6,extension=7,trunk=8,account=9,cost=10,callId=11");
        CallRecord c = call(p, "1772211900,00:02:05,0'07,Outgoing,\"Smith, Joe\",\"9011 44\"\"x\",201,T5,88,"
                + "1.50,abc-1");
        assertEquals(Instant.ofEpochSecond(1772211900), c.callStart());
        assertEquals(125, c.durationSeconds());
        assertEquals(7, c.ringSeconds());
        assertEquals(CallRecord.OUT, c.direction());
        assertEquals("Smith, Joe", c.caller());
        assertEquals("9011 44\"x", c.dialled());
        assertEquals("201", c.extension());
        assertEquals("T5", c.trunk());
        assertEquals("88", c.accountCode());
        assertEquals(new BigDecimal("1.50"), c.cost());
        assertEquals("abc-1", c.callId());
    }

    @Test
    void blankFieldsAreNullAndASeparatorMayBeAComma() {
        CdrParser p = CdrParsers.create("csv:separator=,,callStart=1,duration=2,caller=3");
        CallRecord c = call(p, "2026-02-27 17:05:00,,  ");
        assertNull(c.durationSeconds());
        assertNull(c.caller());
        CdrParser tab = CdrParsers.create("csv:separator=tab,datePattern=dd.MM.yyyy HH:mm,callStart=2,caller=1");
        assertEquals(Instant.parse("2026-02-27T16:05:00Z"), call(tab, "201\t27.02.2026 17:05").callStart());
    }

    @Test
    void datePatternsMayHoldCommasAndOffsets() {
        CdrParser p = CdrParsers.create("csv:separator=|,datePattern=EEE, d MMM yyyy HH:mm,callStart=1,caller=2");
        assertEquals(Instant.parse("2026-02-27T16:05:00Z"), call(p, "Fri, 27 Feb 2026 17:05|201").callStart());
        CdrParser iso = CdrParsers.create("csv:datePattern=iso,callStart=1");
        assertEquals(Instant.parse("2026-02-27T17:05:00Z"), call(iso, "2026-02-27T17:05:00Z").callStart());
        assertEquals(Instant.parse("2026-02-27T16:05:00Z"), call(iso, "2026/02/27 17:05").callStart());
    }

    @Test
    void explainsBadValuesByColumn() {
        CdrParser p = CdrParsers.create("csv:callStart=1,duration=2,caller=3,direction=4");
        assertEquals("column 1 (callStart): '2026-13-27 17:05:00' is not yyyy-MM-dd HH:mm:ss",
                error(p, "2026-13-27 17:05:00,1,2,in"));
        assertEquals("column 1 (callStart): '2026-02-30 17:05:00' is not yyyy-MM-dd HH:mm:ss",
                error(p, "2026-02-30 17:05:00,1,2,in"));
        assertEquals("column 2 (duration): 'long' is not seconds, HH:MM:SS, hh:mm'ss or m'ss",
                error(p, "2026-02-27 17:05:00,long,2,in"));
        assertEquals("column 4 (direction): 'sideways' is not in, out or internal",
                error(p, "2026-02-27 17:05:00,1,2,sideways"));
        assertEquals("line has 2 columns; the csv spec reads column 4", error(p, "2026-02-27 17:05:00,1"));
        assertEquals("column 3 opens a quote that never closes", error(p, "2026-02-27 17:05:00,1,\"2,in"));
        assertTrue(error(p, "Start,Duration,Caller,Direction").startsWith("column 1 (callStart)"));
    }

    @Test
    void splitsOnlyOutsideQuotes() throws UnparseableLineException {
        assertEquals(List.of("a", "b,c", "", "d\"e"), CsvCdrParser.split("a,\"b,c\",,\"d\"\"e\"", ','));
        assertEquals(List.of("", ""), CsvCdrParser.split(",", ','));
        assertEquals(List.of("x\"y"), CsvCdrParser.split("x\"y", ','));
    }

    @Test
    void invalidSpecsFailLoudly() {
        assertThrows(IllegalArgumentException.class, () -> new CsvCdrParser(',', "yyyy", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new CsvCdrParser('"', "yyyy", Map.of("caller", 1)));
        assertEquals("csv: column of caller must be 1-1000, got 0", assertThrows(IllegalArgumentException.class,
                () -> CdrParsers.create("csv:caller=0")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CdrParsers.create("csv:calller=1"))
                .getMessage().startsWith("csv: unknown option or field 'calller'"));
        assertEquals("csv: caller must be a column number, got 'three'", assertThrows(
                IllegalArgumentException.class, () -> CdrParsers.create("csv:caller=three")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> CdrParsers.create("csv:datePattern=yyyy-MM-dd'T,callStart=1")).getMessage()
                .startsWith("datePattern 'yyyy-MM-dd'T' is not a valid date pattern"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> CdrParsers.create("csv:separator=;;,caller=1")).getMessage().startsWith("csv: separator"));
        assertEquals("csv: option caller given twice", assertThrows(IllegalArgumentException.class,
                () -> CdrParsers.create("csv:caller=1,caller=2")).getMessage());
    }
}
