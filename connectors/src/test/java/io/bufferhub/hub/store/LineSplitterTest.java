package io.bufferhub.hub.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class LineSplitterTest {

    private static List<String> split(String s) {
        return LineSplitter.split(s.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.ISO_8859_1);
    }

    @Test
    void linesEndInLfOrCrLfAndBlankOnesCount() {
        assertEquals(List.of("a", "b"), split("a\r\nb\r\n"));
        assertEquals(List.of("a", "", "b"), split("a\n\nb\n"));
        assertEquals(List.of(""), split("\n"));
        assertEquals(List.of("a", "b"), split("a\nb"));
        assertEquals(List.of("a\rb"), split("a\rb"));
    }

    @Test
    void countAgreesWithSplit() {
        for (String s : new String[] {"a", "a\n", "a\r\n\r\n", "\n\n\n", "x\ny\nz", "\r"}) {
            assertEquals(split(s).size(), LineSplitter.count(s.getBytes(StandardCharsets.ISO_8859_1)), s);
        }
    }

    @Test
    void nulBecomesReplacementCharacterInRecordText() {
        assertEquals(List.of("a\uFFFDb"), split("a\0b"));
    }
}
