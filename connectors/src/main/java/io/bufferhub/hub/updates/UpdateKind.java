package io.bufferhub.hub.updates;

import java.util.Locale;
import java.util.Optional;

/**
 * What an update asks a device to do (PROTOCOL.md §5). Whether a kind carries a payload decides whether its
 * update item has {@code href}, {@code size} and {@code sha256}; only firmware is signed, because only a new
 * agent package runs code the device cannot otherwise check.
 */
public enum UpdateKind {
    CONFIG(true),
    ROUTES(true),
    FIRMWARE(true),
    DIAGNOSTICS(false),
    COMMAND(true);

    private final boolean payload;

    UpdateKind(boolean payload) {
        this.payload = payload;
    }

    public boolean hasPayload() {
        return payload;
    }

    public boolean signed() {
        return this == FIRMWARE;
    }

    /** The name on the wire and in the database. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<UpdateKind> fromWire(String s) {
        for (UpdateKind k : values()) {
            if (k.wire().equals(s)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
