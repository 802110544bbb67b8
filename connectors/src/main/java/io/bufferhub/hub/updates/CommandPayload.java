package io.bufferhub.hub.updates;

import java.util.List;

import io.bufferhub.common.Commands;

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

    static final List<String> KNOWN = Commands.KNOWN;

    private CommandPayload() {
    }

    /** True when {@code bytes} are a command in one of the three forms; surrounding whitespace is allowed. */
    static boolean isCommand(byte[] bytes) {
        Commands.Command c = read(bytes);
        return c != null && (c.form() == Commands.Form.OBJECT || KNOWN.contains(c.name()));
    }

    /** True when the stored command is JSON (object or string): served as application/json, a bare word as text. */
    static boolean isJson(byte[] bytes) {
        Commands.Command c = read(bytes);
        return c != null && c.form() != Commands.Form.WORD;
    }

    private static Commands.Command read(byte[] bytes) {
        try {
            return Commands.read(bytes);
        } catch (IllegalArgumentException e) {
            return null; // not one of the forms
        }
    }
}
