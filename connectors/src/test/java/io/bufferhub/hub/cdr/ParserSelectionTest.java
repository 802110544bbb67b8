package io.bufferhub.hub.cdr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ParserSelectionTest {

    private static final ParserSelection SELECTION = new ParserSelection(Map.of(
            "cdr.parser.default", "avaya",
            "cdr.parser.channel.smdr", "mitel",
            "cdr.parser.group.acme", "panasonic",
            "cdr.parser.group.acme.channel.smdr", "csv:caller=1",
            "cdr.parser.group.acme.corp.channel.serial.1", "none",
            "bufferhub.http.port", "8443"));

    @Test
    void theMostSpecificRuleWins() {
        assertInstanceOf(CsvCdrParser.class, SELECTION.select("acme", "smdr"));
        assertInstanceOf(PanasonicSmdrParser.class, SELECTION.select("acme", "main"));
        assertInstanceOf(PanasonicSmdrParser.class, SELECTION.select("acme", null));
        assertInstanceOf(MitelSmdrParser.class, SELECTION.select("other", "smdr"));
        assertInstanceOf(MitelSmdrParser.class, SELECTION.select(null, "smdr"));
        assertInstanceOf(AvayaSmdrParser.class, SELECTION.select(null, "main"));
        assertInstanceOf(AvayaSmdrParser.class, SELECTION.select("other", "main"));
        assertInstanceOf(AvayaSmdrParser.class, SELECTION.select(null, null));
        assertInstanceOf(RawOnlyParser.class, SELECTION.select("acme.corp", "serial.1"));
    }

    @Test
    void parsersAreMadeOnceAndReused() {
        assertSame(SELECTION.select("acme", "smdr"), SELECTION.select("acme", "smdr"));
        ParserSelection shared = new ParserSelection(Map.of("cdr.parser.channel.a", "mitel",
                "cdr.parser.channel.b", "mitel"));
        assertSame(shared.select(null, "a"), shared.select(null, "b"));
    }

    @Test
    void withoutConfigurationLinesAreKeptRawOnly() {
        assertInstanceOf(RawOnlyParser.class, new ParserSelection(Map.of()).select("g", "c"));
        assertEquals(ParserSelection.DEFAULT_SPEC, new ParserSelection(Map.of()).select(null, "c").name());
    }

    @Test
    void badKeysAndSpecsFailAtConstructionNamingTheKey() {
        assertTrue(failure(Map.of("cdr.parser.channel.smdr", "nortel"))
                .startsWith("cdr.parser.channel.smdr: unknown parser 'nortel'"));
        assertTrue(failure(Map.of("cdr.parser.defualt", "avaya")).startsWith("cdr.parser.defualt: unknown key"));
        assertTrue(failure(Map.of("cdr.parser.group.acme.channel.", "avaya"))
                .startsWith("cdr.parser.group.acme.channel.: unknown key"));
        assertTrue(failure(Map.of("cdr.parser.channel.", "avaya")).startsWith("cdr.parser.channel.: unknown key"));
        assertTrue(failure(Map.of("cdr.parser.default", " ")).startsWith("cdr.parser.default: empty parser spec"));
        assertTrue(failure(Map.of("cdr.parser.group.g", "regex:(?<x>.)"))
                .startsWith("cdr.parser.group.g: regex: unknown group name 'x'"));
    }

    private static String failure(Map<String, String> properties) {
        return assertThrows(IllegalArgumentException.class, () -> new ParserSelection(properties)).getMessage();
    }
}
