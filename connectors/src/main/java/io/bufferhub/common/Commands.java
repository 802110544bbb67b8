package io.bufferhub.common;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;

/**
 * The forms a {@code command} update's payload takes (PROTOCOL.md §5: "a small JSON instruction (restart,
 * resync-time, flush)"): {@code {"command":"restart"}}, the JSON string {@code "restart"}, or the bare word
 * {@code restart}, surrounding whitespace ignored. One reading for the hub, which checks what an operator
 * publishes, and the agent, which carries it out, so the two cannot disagree on a form.
 */
public final class Commands {

    /** The commands the agent knows; names are case-sensitive. */
    public static final List<String> KNOWN = List.of("flush", "resync-time", "restart");

    /** One JSON value and nothing after it. */
    private static final ObjectReader STRICT =
            Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** A payload read: the command's name, and whether it came as a JSON object, a JSON string or a bare word. */
    public record Command(String name, Form form) {
    }

    public enum Form { OBJECT, STRING, WORD }

    private Commands() {
    }

    /**
     * Reads the form and the name (not checked against {@link #KNOWN}).
     *
     * @throws IllegalArgumentException with a detail naming what is wrong with the payload
     */
    public static Command read(byte[] payload) {
        String text = new String(payload, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty command (" + knownText() + ")");
        }
        if (!text.startsWith("{") && !text.startsWith("\"")) {
            return new Command(text, Form.WORD);
        }
        JsonNode json;
        try {
            json = STRICT.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("command is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("command is not valid JSON: " + e.getMessage());
        }
        if (json.isTextual()) {
            return new Command(json.asText(), Form.STRING);
        }
        if (json.path("command").isTextual()) {
            return new Command(json.get("command").asText(), Form.OBJECT);
        }
        throw new IllegalArgumentException("command object needs a \"command\" string, got " + shorten(json.toString()));
    }

    /**
     * The name of a known command.
     *
     * @throws IllegalArgumentException with a detail naming what is wrong, a wrong-case name hinted at
     */
    public static String knownName(byte[] payload) {
        String name = read(payload).name();
        if (!KNOWN.contains(name)) {
            boolean otherCase = KNOWN.stream().anyMatch(name::equalsIgnoreCase);
            throw new IllegalArgumentException("unknown command '" + shorten(name) + "' (" + knownText()
                    + (otherCase ? "; names are case-sensitive" : "") + ")");
        }
        return name;
    }

    private static String knownText() {
        return "known: " + String.join(", ", KNOWN);
    }

    private static String shorten(String s) {
        return s.length() > 100 ? s.substring(0, 100) + "…" : s;
    }
}
