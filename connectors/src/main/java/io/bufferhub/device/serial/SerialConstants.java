package io.bufferhub.device.serial;

import org.apache.camel.spi.Metadata;

/** Header names the {@code serial} consumer sets on every exchange (one exchange per frame). */
public final class SerialConstants {

    /** The configured port path the frame was read from, e.g. {@code /dev/ttyUSB0}. */
    @Metadata(label = "consumer", javaType = "String")
    public static final String PORT = "CamelSerialPort";

    /**
     * Wall-clock time (epoch ms) at which the first byte of the frame was read: the capture time of the
     * record, not the (possibly much later) time the exchange was processed.
     */
    @Metadata(label = "consumer", javaType = "long")
    public static final String CAPTURED_AT = "CamelSerialCapturedAt";

    /**
     * Frame counter of this consumer, starting at 1. A frame retried after a processing failure keeps its
     * number, so a gap or repeat in the sequence is visible downstream.
     */
    @Metadata(label = "consumer", javaType = "long")
    public static final String FRAME_SEQ = "CamelSerialFrameSeq";

    /**
     * Why the frame ended: {@code DELIMITER}, {@code LENGTH}, {@code IDLE}, {@code MAX_BYTES},
     * {@code DISCONNECT} or {@code STOP}; anything but DELIMITER/LENGTH/IDLE marks a cut record.
     */
    @Metadata(label = "consumer", javaType = "String")
    public static final String FRAME_END = "CamelSerialFrameEnd";

    private SerialConstants() {
    }
}
