package io.bufferhub.device.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** PROTOCOL.md §5 {@code command}: a JSON object, a JSON string or the bare word; anything else is refused. */
class CommandPayloadTest {

    private static String name(String payload) {
        return CommandPayload.name(payload.getBytes(StandardCharsets.UTF_8));
    }

    private static String refusal(String payload) {
        return assertThrows(IllegalArgumentException.class, () -> name(payload)).getMessage();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"command\":\"restart\"}", " { \"command\" : \"restart\" }\n", "\"restart\"",
            " \"restart\"\r\n", "restart", "  restart\n", "\trestart \r\n"})
    void theThreeFormsAreAccepted(String payload) {
        assertEquals("restart", name(payload));
    }

    @Test
    void everyKnownCommandInEveryForm() {
        for (String c : CommandPayload.KNOWN) {
            assertEquals(c, name(c));
            assertEquals(c, name("\"" + c + "\""));
            assertEquals(c, name("{\"command\":\"" + c + "\"}"));
        }
    }

    @Test
    void unknownNamesAreNamedInTheRefusal() {
        assertEquals("unknown command 'dance' (known: flush, resync-time, restart)",
                refusal("{\"command\":\"dance\"}"));
        assertEquals("unknown command 'dance' (known: flush, resync-time, restart)", refusal("dance"));
        assertEquals("unknown command 'restart now' (known: flush, resync-time, restart)", refusal("restart now"));
        assertTrue(refusal("Restart").contains("'Restart'") && refusal("Restart").contains("case-sensitive"),
                refusal("Restart"));
        assertTrue(refusal("\"FLUSH\"").contains("case-sensitive"));
        assertTrue(refusal("\" restart\"").contains("' restart'"), "inside JSON the string is taken as written");
        assertTrue(refusal("[\"restart\"]").startsWith("unknown command '[\"restart\"]'"));
    }

    @Test
    void malformedPayloadsSayWhatIsWrong() {
        assertTrue(refusal("").startsWith("empty command"));
        assertTrue(refusal(" \n ").startsWith("empty command"));
        assertTrue(refusal("{\"command\":").startsWith("command is not valid JSON"), refusal("{\"command\":"));
        assertTrue(refusal("\"restart").startsWith("command is not valid JSON"));
        assertTrue(refusal("\"restart\" \"flush\"").startsWith("command is not valid JSON"), "trailing tokens");
        assertEquals("command object needs a \"command\" string, got {\"cmd\":\"restart\"}",
                refusal("{\"cmd\":\"restart\"}"));
        assertTrue(refusal("{\"command\":7}").startsWith("command object needs a \"command\" string"));
        assertTrue(refusal("x".repeat(5000)).length() < 300, "a long payload is cut in the detail");
    }
}
