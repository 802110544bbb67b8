package io.bufferhub.hub.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SafeTextTest {

    @Test
    void headerInjectionIsFlattenedToOneLine() {
        String subject = SafeText.headerSafe("Emergency call 911\r\nBcc: x@y", 200);
        assertEquals("Emergency call 911 Bcc: x@y", subject);
        assertFalse(subject.contains("\r") || subject.contains("\n"));
        assertEquals("a b c d", SafeText.headerSafe("a\u2028b\u2029c\u0085d", 200));
        assertEquals("a b", SafeText.headerSafe("  a \t\u000B\f\u00A0 b\u0000 ", 200));
    }

    @Test
    void invisibleCharactersAreDropped() {
        assertEquals("9911", SafeText.headerSafe("9\u200B9\u202E11", 200));
        assertEquals("ab", SafeText.headerSafe("a\uD800b", 200));
    }

    @Test
    void headerTextIsCutWithoutSplittingSurrogatePairs() {
        assertEquals("abc", SafeText.headerSafe("abcdef", 3));
        assertEquals("ab", SafeText.headerSafe("ab\uD83D\uDE00", 3));
        assertEquals("ab", SafeText.headerSafe("ab cd", 3));
        assertEquals("", SafeText.headerSafe(null, 10));
        assertEquals("", SafeText.headerSafe("abc", 0));
        assertThrows(IllegalArgumentException.class, () -> SafeText.headerSafe("abc", -1));
    }

    @Test
    void bodyKeepsLineFeedsOnly() {
        assertEquals("line 1\nline 2\nline 3\n\nx y", SafeText.bodySafe("line 1\r\nline 2\rline 3\n\nx\ty"));
        assertEquals("ab", SafeText.bodySafe("a\u0000\u2028\u0085\u202Eb"));
        assertEquals("", SafeText.bodySafe(null));
    }
}
