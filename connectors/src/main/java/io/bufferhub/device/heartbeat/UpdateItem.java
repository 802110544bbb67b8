package io.bufferhub.device.heartbeat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One update pending for this device (PROTOCOL.md §5), as listed by a check-in or a {@code changed} ping.
 * Parsed leniently — a hub newer than this agent may add fields, and the whole object stays available as
 * {@link #json()} — but the fields used in a URL or a file name are checked, since they come from the network.
 *
 * @param kind      {@code config}, {@code routes}, {@code firmware}, {@code diagnostics}, {@code command}, or a kind
 *                  this agent does not know yet (it then reports {@code rejected})
 * @param href      absolute path of the payload on the hub; null for kinds without payload
 * @param size      payload bytes, -1 when not given
 * @param sha256    lowercase hex of the payload, null without payload
 * @param signature base64 Ed25519 signature of the payload (firmware), else null
 * @param created   epoch ms, 0 when not given
 */
public record UpdateItem(String id, String kind, String version, String href, long size, String sha256,
        String signature, long created, JsonNode json) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public UpdateItem {
        requireId(id);
        if (sha256 != null && !SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("update " + id + ": sha256 must be 64 lowercase hex digits");
        }
    }

    /** {@code id} when it is safe in a URL path, else IllegalArgumentException. */
    public static String requireId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("update id: 1-128 of A-Z a-z 0-9 . _ -, got " + id);
        }
        return id;
    }

    public boolean hasPayload() {
        return href != null;
    }

    /** One item from its JSON object; IllegalArgumentException when the id or sha256 is malformed. */
    public static UpdateItem from(JsonNode n) {
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("an update item must be a JSON object");
        }
        return new UpdateItem(text(n, "id"), text(n, "kind"), text(n, "version"), text(n, "href"),
                n.path("size").canConvertToLong() ? n.get("size").asLong() : -1, text(n, "sha256"),
                text(n, "signature"), n.path("created").canConvertToLong() ? n.get("created").asLong() : 0, n);
    }

    /** The items of a JSON array (an {@code updates} field); a malformed item fails the whole list. */
    public static List<UpdateItem> listFrom(JsonNode array) {
        List<UpdateItem> items = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(n -> items.add(from(n)));
        }
        return List.copyOf(items);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    @Override
    public String toString() {
        return "update " + id + " (" + kind + (version == null ? "" : " " + version) + ")";
    }
}
