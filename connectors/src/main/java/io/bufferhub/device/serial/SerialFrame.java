package io.bufferhub.device.serial;

/**
 * One unit of captured bytes, as produced by {@link FrameAssembler}.
 *
 * @param data       the bytes; with {@code includeDelimiter=true} exactly as they came off the wire
 * @param capturedAt epoch ms when the first byte of the frame was read
 * @param end        why the frame ended
 */
public record SerialFrame(byte[] data, long capturedAt, End end) {

    /** Why a frame was closed; see {@link SerialConstants#FRAME_END}. */
    public enum End {
        /** A line delimiter was seen (framing=line). */
        DELIMITER,
        /** fixedLength bytes were collected (framing=fixed). */
        LENGTH,
        /** The line was quiet for idleGapMs (framing=idle) or a partial frame for maxFrameIdleMs. */
        IDLE,
        /** maxFrameBytes were collected without an end: emitted anyway so no byte is held forever. */
        MAX_BYTES,
        /** The port vanished; the pending partial frame is emitted before reconnecting. */
        DISCONNECT,
        /** The consumer stopped with a partial frame pending. */
        STOP
    }
}
