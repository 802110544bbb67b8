package io.bufferhub.device.spool;

import org.apache.camel.spi.Metadata;

/**
 * Header names of the {@code spool} component. The producer reads the capture channel and time; the
 * consumer sets the batch metadata the uplink needs for PROTOCOL.md §3 headers and reads back the
 * outcome of the delivery to decide between acknowledge, quarantine and retry.
 */
public final class SpoolConstants {

    @Metadata(label = "producer", description = "Capture channel of the chunk (default main); on the consumer, "
            + "the channel of the batch (for X-Channel).", javaType = "String")
    public static final String CHANNEL = "BufferhubChannel";
    @Metadata(label = "producer", description = "When the chunk was captured: epoch ms (Long), Instant, Date or "
            + "RFC 3339 text; defaults to now.", javaType = "Long")
    public static final String CAPTURED_AT = "CamelSerialCapturedAt";
    @Metadata(label = "consumer", description = "The batch's device-wide sequence number.", javaType = "Long")
    public static final String SEQ = "BufferhubSeq";
    @Metadata(label = "consumer", description = "Capture time (epoch ms) of the first byte.", javaType = "Long")
    public static final String CAPTURED_FROM = "BufferhubCapturedFrom";
    @Metadata(label = "consumer", description = "Capture time (epoch ms) of the last byte.", javaType = "Long")
    public static final String CAPTURED_TO = "BufferhubCapturedTo";
    @Metadata(label = "consumer", description = "Bytes dropped (spool full) since the previous batch, for "
            + "X-Lost-Bytes.", javaType = "Long")
    public static final String LOST_BYTES = "BufferhubLostBytes";
    @Metadata(label = "consumer", description = "Percent of the spool in use, for X-Buffer-Used.", javaType = "Double")
    public static final String BUFFER_USED = "BufferhubBufferUsed";
    @Metadata(label = "consumer", description = "Delivery attempt of this batch, 1 for the first.", javaType = "Integer")
    public static final String ATTEMPT = "BufferhubAttempt";
    @Metadata(label = "consumer", description = "Set by the route: acked (delete the batch), quarantined (move it "
            + "aside, go on) or retry (send the same batch again later).", javaType = "String",
            enums = "acked,quarantined,retry")
    public static final String OUTCOME = "BufferhubOutcome";
    @Metadata(label = "consumer", description = "Set by the route with outcome quarantined: why (kept in the "
            + "reason file).", javaType = "String")
    public static final String OUTCOME_REASON = "BufferhubOutcomeReason";
    @Metadata(label = "consumer", description = "Set by the route with outcome retry: wait this many ms before "
            + "the next attempt instead of the backoff (e.g. from Retry-After).", javaType = "Long")
    public static final String RETRY_AFTER_MS = "BufferhubRetryAfterMs";

    public static final String ACKED = "acked";
    public static final String QUARANTINED = "quarantined";
    public static final String RETRY = "retry";
    public static final String DEFAULT_CHANNEL = "main";

    private SpoolConstants() {
    }
}
