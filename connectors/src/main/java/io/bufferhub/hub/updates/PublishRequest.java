package io.bufferhub.hub.updates;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

import io.bufferhub.common.Identifiers;
import io.bufferhub.common.Json;
import io.bufferhub.common.Problem;

/**
 * A checked {@code POST /admin/updates} body (PROTOCOL.md §9). Everything wrong with it is a {@code 400} naming
 * the field, decided before anything is stored: an operator's typo must never reach a device.
 *
 * @param targetSerial the one device, or null when {@code targetGroup} is set
 * @param targetGroup  the group resolved at publish time, or null when {@code targetSerial} is set
 * @param payload      the bytes devices download, null for kinds without payload
 * @param signature    base64 Ed25519 signature of the payload, firmware only and optional (checked for shape
 *                     here; devices verify it against their trusted keys). Absent, the hub signs with its own key
 *                     if it has one (UpdateAdmin), else the firmware goes out unsigned and devices refuse it.
 */
public record PublishRequest(UpdateKind kind, String version, byte[] payload, String signature,
                             String targetSerial, String targetGroup) {

    static final Set<String> FIELDS = Set.of("target", "kind", "version", "payload", "signature");
    static final int MAX_VERSION = 64;
    static final int MAX_GROUP = 128;
    /** A command is "a small JSON instruction" (CommandPayload); anything bigger is a mistake. */
    static final int MAX_COMMAND = 64 * 1024;
    static final int ED25519_SIGNATURE_BYTES = 64;

    public static PublishRequest parse(Map<String, Object> body) {
        for (String key : body.keySet()) {
            if (!FIELDS.contains(key)) {
                throw bad("unknown-field",
                        key + ": unknown field (allowed: target, kind, version, payload, signature)");
            }
        }
        String[] target = target(body.get("target"));
        Object kindValue = body.get("kind");
        if (kindValue == null) {
            throw bad("missing-field", "kind: required (config, routes, firmware, diagnostics or command)");
        }
        UpdateKind kind = kindValue instanceof String s ? UpdateKind.fromWire(s).orElse(null) : null;
        if (kind == null) {
            throw bad("malformed-field", "kind: must be one of config, routes, firmware, diagnostics, command");
        }
        String version = version(body.get("version"));
        byte[] payload = payload(kind, body.get("payload"));
        String signature = signature(kind, body.get("signature"));
        return new PublishRequest(kind, version, payload, signature, target[0], target[1]);
    }

    /** The same request carrying {@code signature} (base64), as when the hub signs firmware itself. */
    public PublishRequest withSignature(String base64) {
        return new PublishRequest(kind, version, payload, base64, targetSerial, targetGroup);
    }

    /** Returns {serial, group} with exactly one of them set. */
    private static String[] target(Object value) {
        if (value == null) {
            throw bad("missing-field", "target: required, {\"serial\": S} or {\"group\": G}");
        }
        if (!(value instanceof Map<?, ?> t)) {
            throw bad("malformed-field", "target: must be an object, {\"serial\": S} or {\"group\": G}");
        }
        for (Object key : t.keySet()) {
            if (!"serial".equals(key) && !"group".equals(key)) {
                throw bad("unknown-field", "target." + key + ": unknown field (allowed: serial or group)");
            }
        }
        if (t.size() != 1) {
            throw bad("malformed-field", "target: exactly one of serial and group");
        }
        Object serial = t.get("serial");
        if (t.containsKey("serial")) {
            if (!(serial instanceof String s) || !Identifiers.isSerial(s)) {
                throw bad("malformed-field", "target.serial: a serial is 1-64 characters of A-Z a-z 0-9 . _ -");
            }
            return new String[] {s, null};
        }
        Object group = t.get("group");
        if (!(group instanceof String g) || g.isEmpty() || g.length() > MAX_GROUP) {
            throw bad("malformed-field", "target.group: a group name of 1-" + MAX_GROUP + " characters");
        }
        return new String[] {null, g};
    }

    private static String version(Object value) {
        if (value == null) {
            throw bad("missing-field", "version: required");
        }
        if (!(value instanceof String v) || v.isBlank() || v.length() > MAX_VERSION
                || v.chars().anyMatch(Character::isISOControl)) {
            throw bad("malformed-field", "version: a string of 1-" + MAX_VERSION + " printable characters");
        }
        return v;
    }

    private static byte[] payload(UpdateKind kind, Object value) {
        if (!kind.hasPayload()) {
            if (value != null) {
                throw bad("malformed-field", "payload: a " + kind.wire() + " update has no payload");
            }
            return null;
        }
        if (value == null) {
            throw bad("missing-field", "payload: required for a " + kind.wire() + " update (base64"
                    + (kind == UpdateKind.COMMAND ? ", or the command itself)" : ")"));
        }
        if (kind == UpdateKind.COMMAND) {
            return command(value);
        }
        if (!(value instanceof String s)) {
            throw bad("malformed-field", "payload: must be a base64 string");
        }
        return base64(s, "payload");
    }

    /**
     * A command in any of its forms (CommandPayload), stored as given: a JSON object in the request is stored as its
     * JSON text; a string is the base64 the protocol asks for, or — when that does not decode to a command — the
     * command itself ({@code "restart"} or {@code "{\"command\":\"flush\"}"}); no known command is valid base64
     * of another one, so the two readings cannot be confused.
     */
    private static byte[] command(Object value) {
        byte[] bytes;
        if (value instanceof Map<?, ?>) {
            bytes = Json.write(value).getBytes(StandardCharsets.UTF_8);
        } else if (value instanceof String s) {
            byte[] decoded = decodeOrNull(s);
            byte[] raw = s.getBytes(StandardCharsets.UTF_8);
            if (decoded != null && decoded.length > 0 && decoded.length <= MAX_COMMAND
                    && CommandPayload.isCommand(decoded)) {
                bytes = decoded;
            } else if (raw.length <= MAX_COMMAND && CommandPayload.isCommand(raw)) {
                bytes = raw;
            } else {
                throw bad("malformed-field", "payload: a command is {\"command\":\"restart\"}, \"restart\" or the"
                        + " bare word restart (known: flush, resync-time, restart), in base64 or as such, at most "
                        + MAX_COMMAND + " bytes");
            }
        } else {
            throw bad("malformed-field", "payload: a command is a JSON object or a string (base64 or the command)");
        }
        if (bytes.length > MAX_COMMAND) {
            throw bad("malformed-field", "payload: a command is at most " + MAX_COMMAND + " bytes of JSON");
        }
        return bytes;
    }

    private static String signature(UpdateKind kind, Object value) {
        if (!kind.signed()) {
            if (value != null) {
                throw bad("malformed-field", "signature: only firmware updates are signed");
            }
            return null;
        }
        if (value == null) {
            return null; // optional: the hub signs with its own key, or publishes unsigned (UpdateAdmin)
        }
        if (!(value instanceof String s)) {
            throw bad("malformed-field", "signature: must be a base64 string");
        }
        byte[] raw = base64(s, "signature");
        if (raw.length != ED25519_SIGNATURE_BYTES) {
            throw bad("malformed-field", "signature: an Ed25519 signature is " + ED25519_SIGNATURE_BYTES
                    + " bytes, got " + raw.length);
        }
        return Base64.getEncoder().encodeToString(raw); // canonical form for devices
    }

    /** Standard base64 (line breaks tolerated, as from {@code base64} without -w0); never empty. */
    private static byte[] base64(String s, String field) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(s.replaceAll("[\\r\\n\\t ]", ""));
        } catch (IllegalArgumentException e) {
            throw bad("malformed-field", field + ": not valid base64 (" + e.getMessage() + ")");
        }
        if (raw.length == 0) {
            throw bad("malformed-field", field + ": must not be empty");
        }
        return raw;
    }

    private static byte[] decodeOrNull(String s) {
        try {
            return Base64.getDecoder().decode(s.replaceAll("[\\r\\n\\t ]", ""));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Problem bad(String slug, String detail) {
        return Problem.badRequest(slug, detail);
    }
}
