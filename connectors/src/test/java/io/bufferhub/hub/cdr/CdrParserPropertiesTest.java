package io.bufferhub.hub.cdr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever a device sends, every parser answers quickly with exactly one of call and error, and never throws;
 * a well-formed Avaya record reads back as the values it was printed from.
 */
class CdrParserPropertiesTest {

    private static final ParseContext CTX =
            new ParseContext(ZoneId.of("America/Chicago"), Instant.parse("2026-11-21T12:00:00Z"));
    private static final List<CdrParser> PARSERS = List.of(
            CdrParsers.create("avaya"),
            CdrParsers.create("mitel"),
            CdrParsers.create("panasonic"),
            CdrParsers.create("csv:callStart=1,duration=2,ring=3,caller=4,direction=5,cost=6"),
            CdrParsers.create("regex:(?<callStart>\\S+ \\S+) (?<duration>\\S+) (?<caller>\\d*)(?: (?<cost>.*))?"),
            CdrParsers.create("none"));
    /** Valid lines of every format, as mutation seeds. */
    private static final List<String> VALID = List.of(
            "2008/06/26 10:27:44,00:00:44,4,4688,O,4207,4207,,1,1000013898,0,E4688,Joe Bloggs,E4207,John Smith,0,0",
            "2026/11/20 16:55:38,00:01:06,9,4050,O,01149219134445,901149219134445,,0,1000002,0,E4050,Extn4050,T9006,"
                    + "Line 6.9,34,0,0,n/a,,0,,0.00,0,0,0,100,,,,192.168.229.33,104,192.168.229.33,105,"
                    + "2026/11/20 16:57:27",
            " 11/20 04:56P 00:00:55 5442  18  4082                       00000 I 4082                  ",
            "%12/31 11:58P 00:12:05 T007  012 8005551212                  2001                    001   4165550000"
                    + " 8005551212",
            "11/20/26 04:56PM 4050  01 901149219134445           0'09 00:01'06               ",
            "01/02/02 10:07AM 1230  0001 <I>ABC COMPANY123456789012345                      0'05 00:00'05"
                    + " 00560.00EUR 9876543210 TR",
            "2026-02-27 17:05:00,00:02:05,7,4711,out,1.50",
            "2026-02-27 17:05:00 125 4711 0.20");
    private static final long MAX_NANOS_PER_LINE = 500_000_000L;

    private static void assertWellFormed(CdrParser parser, String line) {
        long start = System.nanoTime();
        ParseResult r = parser.parse(line, CTX);
        long took = System.nanoTime() - start;
        assertTrue((r.call() == null) != (r.error() == null), parser.name() + ": exactly one of call and error");
        assertTrue(took < MAX_NANOS_PER_LINE, parser.name() + " took " + took / 1_000_000 + " ms");
        if (r.error() != null) {
            assertTrue(r.error().length() <= ParseResult.MAX_ERROR && r.error().indexOf('\n') < 0);
        }
    }

    @Example
    void everyMutationSeedIsAValidLineOfOneFormat() {
        for (String line : VALID) {
            assertTrue(PARSERS.stream().anyMatch(p -> p.parse(line, CTX).isOk()), line);
        }
    }

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(300),
                Arbitraries.strings().withChars(" 0123456789/:',-.%+*#PAMITEOX<>\t\r\n\u0000\u2028").ofMaxLength(140),
                Arbitraries.strings().all().ofMinLength(4000).ofMaxLength(4200));
    }

    @Property(tries = 300)
    void anyTextGetsAnAnswerFromEveryParser(@ForAll("anyText") String line) {
        for (CdrParser p : PARSERS) {
            assertWellFormed(p, line);
        }
    }

    @Provide
    Arbitrary<String> mutatedLines() {
        return Combinators.combine(Arbitraries.of(VALID), Arbitraries.integers().between(0, 400),
                Arbitraries.integers().between(0, 3), Arbitraries.chars().all()).as((line, at, op, c) -> {
                    int i = Math.min(at, line.length() - 1);
                    switch (op) {
                        case 0:
                            return line.substring(0, i) + c + line.substring(i + 1);
                        case 1:
                            return line.substring(0, i) + line.substring(i + 1);
                        case 2:
                            return line.substring(0, i) + c + line.substring(i);
                        default:
                            return line.substring(0, i);
                    }
                });
    }

    @Property(tries = 500)
    void mutatedValidLinesGetAnAnswerFromEveryParser(@ForAll("mutatedLines") String line) {
        for (CdrParser p : PARSERS) {
            assertWellFormed(p, line);
        }
    }

    /** The values of one Avaya record, as the generator below prints them. */
    private record AvayaCall(LocalDateTime start, int connected, int ring, String caller, boolean inbound,
                             boolean internal, String called, String dialled, String account, long callId,
                             String extension, int line, boolean laterRelease) {

        String print() {
            String party1 = "E" + extension;
            String party2 = internal ? "E2" + extension : "T" + (9000 + line);
            String base = String.join(",", start.format(DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss")),
                    String.format("%02d:%02d:%02d", connected / 3600, connected / 60 % 60, connected % 60),
                    Integer.toString(ring), caller, inbound ? "I" : "O", called, dialled, account,
                    internal ? "1" : "0", Long.toString(callId), "0", party1, "Some Name", party2, "Line", "0", "0");
            return laterRelease ? base + ",0,n/a,,2.5,EUR,0.00,0,0,0,100,,,,10.0.0.1,1,10.0.0.1,2,2026/01/01 00:00:00"
                    : base;
        }
    }

    @Provide
    Arbitrary<AvayaCall> avayaCalls() {
        Arbitrary<LocalDateTime> starts = Arbitraries.longs().between(946_684_800L, 4_102_444_799L)
                .map(s -> LocalDateTime.ofEpochSecond(s, 0, ZoneOffset.UTC));
        Arbitrary<String> numbers = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(20);
        Arbitrary<String> optional = Arbitraries.strings().numeric().ofMaxLength(12);
        return Combinators.combine(starts, Arbitraries.integers().between(0, 99 * 3600 + 3599),
                Arbitraries.integers().between(0, 999), numbers, Arbitraries.integers().between(0, 2), numbers,
                optional, Arbitraries.longs().between(1, 9_999_999_999L)).as(
                        (start, connected, ring, caller, kind, called, account, callId) -> new AvayaCall(start,
                                connected, ring, caller, kind == 1, kind == 2, called, "9" + called, account, callId,
                                Integer.toString(200 + (int) (callId % 9000)), (int) (callId % 64) + 1,
                                callId % 2 == 0));
    }

    @Property(tries = 500)
    void aPrintedAvayaRecordReadsBackAsItsValues(@ForAll("avayaCalls") AvayaCall c) {
        ParseResult r = CdrParsers.create("avaya").parse(c.print(), CTX);
        assertTrue(r.isOk(), () -> r.error() + " <- " + c.print());
        CallRecord read = r.call();
        assertEquals(c.start().atZone(CTX.zone()).toInstant(), read.callStart());
        assertEquals(c.connected(), read.durationSeconds());
        assertEquals(c.ring(), read.ringSeconds());
        assertEquals(c.internal() ? CallRecord.INTERNAL : c.inbound() ? CallRecord.IN : CallRecord.OUT,
                read.direction());
        assertEquals(c.caller(), read.caller());
        assertEquals(c.called(), read.called());
        assertEquals(c.dialled(), read.dialled());
        assertEquals(c.account().isEmpty() ? null : c.account(), read.accountCode());
        assertEquals(Long.toString(c.callId()), read.callId());
        assertEquals(c.extension(), read.extension());
        assertEquals(c.internal() ? null : Integer.toString(9000 + c.line()), read.trunk());
        assertEquals(c.laterRelease() ? new BigDecimal("2.5") : null, read.cost());
    }

    @Property(tries = 300)
    void quotedCsvFieldsSplitBackToTheOriginals(@ForAll("csvFields") List<String> fields) throws Exception {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            line.append(i == 0 ? "" : ";").append('"').append(fields.get(i).replace("\"", "\"\"")).append('"');
        }
        assertEquals(fields, CsvCdrParser.split(line.toString(), ';'));
    }

    @Provide
    Arbitrary<List<String>> csvFields() {
        return Arbitraries.strings().withChars("ab;\" ,1").ofMaxLength(8).list().ofMinSize(1).ofMaxSize(6);
    }
}
