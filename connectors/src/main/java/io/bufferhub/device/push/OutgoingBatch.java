package io.bufferhub.device.push;

import java.util.Objects;

import io.bufferhub.common.Identifiers;

/**
 * A sealed batch on its way to the hub (PROTOCOL.md §3). Optional fields are null when unknown.
 *
 * @param seq               1 … Long.MAX_VALUE, never reused for other bytes
 * @param channel           capture channel ({@code X-Channel}); null = the hub's default {@code main}
 * @param body              the bytes exactly as captured, not empty
 * @param capturedFrom      epoch ms of the first byte on the device's clock ({@link HubPusher} adds the hub
 *                          clock offset when it sends the batch)
 * @param capturedTo        epoch ms of the last byte, on the device's clock
 * @param lostBytes         bytes dropped since the previous batch because the buffer was full
 * @param bufferUsedPercent share of the device buffer in use, 0 … 100
 */
public record OutgoingBatch(long seq, String channel, byte[] body, Long capturedFrom, Long capturedTo, Long lostBytes,
        Integer bufferUsedPercent) {

    public OutgoingBatch {
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be at least 1");
        }
        if (channel != null && !Identifiers.isChannel(channel)) {
            throw new IllegalArgumentException("channel: 1-32 characters of A-Z a-z 0-9 . _ -");
        }
        Objects.requireNonNull(body, "body");
        if (body.length == 0) {
            throw new IllegalArgumentException("an empty batch cannot be pushed (the hub answers 400)");
        }
    }
}
