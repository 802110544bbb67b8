package io.bufferhub.hub.updates;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.bufferhub.common.Json;

/**
 * The forms a {@code command} payload may take (PROTOCOL.md §5: "a small JSON instruction (restart, resync-time,
 * flush)"): a JSON object such as {@code {"command":"restart"}}, a JSON string {@code "restart"}, or the bare word
 * {@code restart}. The hub stores the bytes as given and only decides whether they are one of these forms.
 *
 * <p>An object must carry a {@code "command"} string (a misspelt key is refused here rather than sent to a fleet);
 * its name is not checked, since devices may learn new commands and refuse ones they do not know. The two short
 * forms carry nothing but a name, so they must name a known command.
 */
final class CommandPayload {

    static final Set<String> KNOWN = Set.of("restart", "resync-time", "flush");
    /** One JSON value and nothing after it. */
    private static final ObjectReader STRICT =
            Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private CommandPayload() {
    }

    /** True when {@code bytes} are a command in one of the three forms; surrounding whitespace is allowed. */
    static boolean isCommand(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8).strip();
        if (KNOWN.contains(text)) {
            return true; // the bare word
        }
        JsonNode node = parse(bytes);
        return node != null && (node.isObject() && node.path("command").isTextual()
                || node.isTextual() && KNOWN.contains(node.textValue()));
    }

    /** True when the stored command is JSON (object or string): served as application/json, a bare word as text. */
    static boolean isJson(byte[] bytes) {
        JsonNode node = parse(bytes);
        return node != null && (node.isObject() || node.isTextual());
    }

    private static JsonNode parse(byte[] bytes) {
        try {
            return STRICT.readTree(bytes);
        } catch (IOException e) {
            return null; // not JSON (or more than one value): not a JSON form
        }
    }
}
