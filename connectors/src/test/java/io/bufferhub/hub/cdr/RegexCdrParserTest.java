package io.bufferhub.hub.cdr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

class RegexCdrParserTest {

    private static final ParseContext UTC = new ParseContext(ZoneId.of("UTC"), Instant.parse("2026-03-01T00:00:00Z"));

    /** A made-up PBX: {@code 2026-02-27 17:05:00 EXT 201 -> 9011441234 0:02:05 OUT $1.20}. */
    private static final String PATTERN = "(?<callStart>\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d) EXT "
            + "(?<extension>\\d+) -> (?<dialled>[0-9*#]+) (?<duration>[0-9:']+) (?<direction>IN|OUT)"
            + "(?: (?<cost>\\S+))?";

    private static ParseResult parse(CdrParser p, String line) {
        return p.parse(line, UTC);
    }

    @Test
    void namedGroupsBecomeFields() {
        CdrParser p = CdrParsers.create("regex:" + PATTERN);
        CallRecord c = parse(p, "2026-02-27 17:05:00 EXT 201 -> 9011441234 0:02:05 OUT $1.20").call();
        assertEquals(Instant.parse("2026-02-27T17:05:00Z"), c.callStart());
        assertEquals("201", c.extension());
        assertEquals("9011441234", c.dialled());
        assertEquals(125, c.durationSeconds());
        assertEquals(CallRecord.OUT, c.direction());
        assertEquals(new BigDecimal("1.20"), c.cost());
        assertNull(c.caller());
        assertNull(parse(p, "2026-02-27 17:05:00 EXT 201 -> 4711 31 IN").call().cost());
        assertEquals("regex", p.name());
    }

    @Test
    void theWholeLineMustMatch() {
        CdrParser p = new RegexCdrParser(PATTERN);
        assertEquals("line does not match the configured regex",
                parse(p, "x 2026-02-27 17:05:00 EXT 201 -> 4711 31 IN").error());
        assertEquals("group callStart: '2026-02-30 17:05:00' is not a date and time like 2024-01-31 17:05:00",
                parse(p, "2026-02-30 17:05:00 EXT 201 -> 4711 31 IN").error());
    }

    @Test
    void catastrophicBacktrackingGivesUpInsteadOfHanging() {
        CdrParser p = new RegexCdrParser("(?<caller>(.*a){20})b"); // minutes of backtracking on the line below
        String evil = "a".repeat(40) + "!";
        ParseResult r = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> parse(p, evil));
        assertEquals("the regex gave up on this line after 2000000 steps (too much backtracking)", r.error());
    }

    @Test
    void invalidPatternsFailAtConfiguration() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new RegexCdrParser("(?<caller>["))
                .getMessage().startsWith("regex: invalid pattern"));
        assertEquals("regex: unknown group name 'caler'; the groups are " + CallField.keys(),
                assertThrows(IllegalArgumentException.class, () -> new RegexCdrParser("(?<caler>\\d+)"))
                        .getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new RegexCdrParser("(\\d+),(\\d+)"))
                .getMessage().startsWith("regex: the pattern names none of the groups"));
        assertThrows(IllegalArgumentException.class, () -> new RegexCdrParser("\\(?<caller>x"));
    }

    @Test
    void textThatOnlyLooksLikeAGroupIsNotOne() {
        CdrParser p = new RegexCdrParser("[(?<caler>]*(?<caller>\\d+)");
        assertEquals("42", parse(p, "(42").call().caller());
    }

    @Test
    void epochSecondsAreAcceptedForCallStart() {
        CdrParser p = new RegexCdrParser("(?<callStart>\\d+),(?<called>.*)");
        assertEquals(Instant.ofEpochSecond(1772211900), parse(p, "1772211900,112").call().callStart());
    }
}
