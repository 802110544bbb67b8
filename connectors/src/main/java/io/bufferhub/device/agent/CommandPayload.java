package io.bufferhub.device.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import io.bufferhub.common.Json;

/**
 * The payload of a {@code command} update (PROTOCOL.md §5: "a small JSON instruction"). Operators write it in
 * three ways, all accepted: {@code {"command":"restart"}}, the JSON string {@code "restart"}, or the bare word
 * {@code restart} (surrounding whitespace ignored). Names are case-sensitive; anything else is refused with the
 * reason, which the agent reports as {@code rejected}.
 */
final class CommandPayload {

    static final List<String> KNOWN = List.of("flush", "resync-time", "restart");
    private static final String KNOWN_TEXT = "known: flush, resync-time, restart";

    private CommandPayload() {
    }

    /**
     * The command's name, one of {@link #KNOWN}.
     *
     * @throws IllegalArgumentException with a detail naming what is wrong with the payload
     */
    static String name(byte[] payload) {
        String text = new String(payload, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty command (" + KNOWN_TEXT + ")");
        }
        String name;
        if (text.startsWith("{") || text.startsWith("\"")) {
            JsonNode json;
            try {
                json = Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(text);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("command is not valid JSON: " + e.getOriginalMessage());
            } catch (IOException e) {
                throw new IllegalArgumentException("command is not valid JSON: " + e.getMessage());
            }
            if (json.isTextual()) {
                name = json.asText();
            } else if (json.path("command").isTextual()) {
                name = json.get("command").asText();
            } else {
                throw new IllegalArgumentException("command object needs a \"command\" string, got "
                        + shorten(json.toString()));
            }
        } else {
            name = text;
        }
        if (!KNOWN.contains(name)) {
            boolean otherCase = KNOWN.stream().anyMatch(name::equalsIgnoreCase);
            throw new IllegalArgumentException("unknown command '" + shorten(name) + "' (" + KNOWN_TEXT
                    + (otherCase ? "; names are case-sensitive" : "") + ")");
        }
        return name;
    }

    private static String shorten(String s) {
        return s.length() > 100 ? s.substring(0, 100) + "…" : s;
    }
}
