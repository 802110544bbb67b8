package io.bufferhub.hub.store;

import java.nio.charset.Charset;

/**
 * One validated push (PROTOCOL.md §3): everything the store needs, already checked by the ingest bean.
 *
 * @param digestHex   lowercase hex SHA-256 of {@code body}, verified against Content-Digest
 * @param charset     how to turn the bytes into record text (bytes are kept as they came either way)
 * @param capturedFrom epoch ms of the first byte, or null
 * @param capturedTo  epoch ms of the last byte, or null
 * @param bufferUsed  percent of the device buffer in use, or null
 * @param lostBytes   bytes dropped by the device since its previous batch, or null
 * @param deviceName  the X-Device-Name the device sent, or null
 */
public record BatchRequest(String serial, long seq, String channel, byte[] body, String digestHex,
        String contentType, Charset charset, Long capturedFrom, Long capturedTo, Double bufferUsed,
        Long lostBytes, String deviceName) {
}
