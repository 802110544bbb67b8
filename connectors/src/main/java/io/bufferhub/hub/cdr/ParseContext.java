package io.bufferhub.hub.cdr;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Objects;

/**
 * What a parser needs to know besides the line: PBXs print local wall-clock times, so the PBX's time zone turns
 * them into instants, and some formats print no year (Mitel), so the time the hub received the batch tells which
 * year is meant.
 *
 * @param zone       the PBX's local time zone
 * @param receivedAt when the hub received the batch holding the line
 */
public record ParseContext(ZoneId zone, Instant receivedAt) {

    /** Both parts are required. */
    public ParseContext {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }

    /** The PBX's wall-clock time when the batch arrived, for formats that leave parts of the date out. */
    public LocalDateTime receivedLocal() {
        return LocalDateTime.ofInstant(receivedAt, zone);
    }
}
