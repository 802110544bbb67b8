package io.bufferhub.hub.cdr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

class CallRecordTest {

    private static CallRecord withCaller(String caller) {
        return new CallRecord(null, null, null, null, caller, null, null, null, null, null, null, null);
    }

    @Test
    void blankTextBecomesNullAndTextIsStripped() {
        assertNull(withCaller("   ").caller());
        assertNull(withCaller("\t\u0000\r\n").caller());
        assertEquals("4688", withCaller("  4688 ").caller());
    }

    @Test
    void controlCharactersBecomeBlanks() {
        assertEquals("a b", withCaller("a\u0000b").caller());
        assertEquals("a b", withCaller("a\r\nb").caller());
        assertEquals("a b", withCaller("a\u2028b").caller());
        assertEquals("a\uFFFDb", withCaller("a\uD800b").caller());
    }

    @Test
    void textIsCutWithoutSplittingSurrogatePairs() {
        assertEquals(CallRecord.MAX_TEXT, withCaller("x".repeat(500)).caller().length());
        String emoji = "x".repeat(CallRecord.MAX_TEXT - 1) + "\uD83D\uDE00";
        assertEquals("x".repeat(CallRecord.MAX_TEXT - 1), withCaller(emoji).caller());
        assertEquals("abc", withCaller(" ".repeat(300) + "abc").caller());
    }

    @Test
    void costIsBounded() {
        CallRecord c = new CallRecord(null, null, null, null, null, null, null, null, null, null,
                new BigDecimal("1.234567"), null);
        assertEquals(new BigDecimal("1.2346"), c.cost());
        assertThrows(IllegalArgumentException.class, () -> new CallRecord(null, null, null, null, null, null, null,
                null, null, null, new BigDecimal("1E+12"), null));
    }

    @Test
    void rejectsWhatNoPbxCanMean() {
        assertThrows(IllegalArgumentException.class,
                () -> new CallRecord(null, -1, null, null, null, null, null, null, null, null, null, null));
        assertThrows(IllegalArgumentException.class,
                () -> new CallRecord(null, null, null, "sideways", null, null, null, null, null, null, null, null));
    }

    @Test
    void aResultHoldsExactlyOneOfCallAndError() {
        assertTrue(ParseResult.ok(withCaller("1")).isOk());
        assertFalse(ParseResult.failed("x").isOk());
        assertThrows(IllegalArgumentException.class, () -> new ParseResult(null, null));
        assertThrows(IllegalArgumentException.class, () -> new ParseResult(withCaller("1"), "x"));
        assertEquals("a b", ParseResult.failed("a\nb").error());
        assertEquals(ParseResult.MAX_ERROR, ParseResult.failed("e".repeat(1000)).error().length());
    }
}
