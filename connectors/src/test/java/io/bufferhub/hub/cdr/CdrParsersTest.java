package io.bufferhub.hub.cdr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

class CdrParsersTest {

    private static final ParseContext UTC = new ParseContext(ZoneId.of("UTC"), Instant.parse("2026-03-01T00:00:00Z"));

    private static String failure(String spec) {
        return assertThrows(IllegalArgumentException.class, () -> CdrParsers.create(spec)).getMessage();
    }

    @Test
    void makesEveryBuiltInParser() {
        assertInstanceOf(AvayaSmdrParser.class, CdrParsers.create("avaya"));
        assertInstanceOf(MitelSmdrParser.class, CdrParsers.create(" Mitel "));
        assertInstanceOf(MitelSmdrParser.class, CdrParsers.create("mitel:clock=24"));
        assertInstanceOf(PanasonicSmdrParser.class, CdrParsers.create("PANASONIC"));
        assertInstanceOf(PanasonicSmdrParser.class, CdrParsers.create("panasonic:datePattern=dd/MM/yy"));
        assertInstanceOf(RawOnlyParser.class, CdrParsers.create("none"));
        assertInstanceOf(CsvCdrParser.class, CdrParsers.create("csv:caller=1"));
        assertInstanceOf(RegexCdrParser.class, CdrParsers.create("regex:(?<caller>.*)"));
        for (String name : new String[] {"avaya", "mitel", "panasonic", "none"}) {
            assertEquals(name, CdrParsers.create(name).name());
        }
    }

    @Test
    void theRegexIsTakenVerbatimAfterTheColon() {
        CdrParser p = CdrParsers.create("regex:(?<caller>\\d+) ");
        assertEquals("42", p.parse("42 ", UTC).call().caller());
        assertEquals("line does not match the configured regex", p.parse("42", UTC).error());
    }

    @Test
    void noneKeepsLinesRawOnly() {
        CdrParser none = CdrParsers.create("none");
        assertEquals("no parser configured", none.parse("2008/06/26 10:27:44,00:00:44", UTC).error());
        assertEquals("no parser configured", none.parse(null, null).error());
    }

    @Test
    void unknownOrInvalidSpecsFailNamingTheProblem() {
        assertTrue(failure("").startsWith("empty parser spec"));
        assertTrue(failure(null).startsWith("empty parser spec"));
        assertTrue(failure("nortel").startsWith("unknown parser 'nortel' in spec 'nortel'; use avaya"));
        assertEquals("mitel: clock must be 12 or 24, got '13'", failure("mitel:clock=13"));
        assertEquals("avaya: unknown option 'x'; it takes none", failure("avaya:x=1"));
        assertEquals("mitel: unknown option 'zone'; it takes clock", failure("mitel:zone=UTC"));
        assertEquals("panasonic: option 'dd/MM/yy' is not key=value", failure("panasonic:dd/MM/yy"));
        assertTrue(failure("csv").startsWith("csv needs options"));
        assertTrue(failure("regex:").startsWith("regex needs a pattern"));
        assertTrue(failure("regex:(").startsWith("regex: invalid pattern"));
    }
}
