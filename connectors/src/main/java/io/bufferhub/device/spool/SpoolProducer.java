package io.bufferhub.device.spool;

import java.time.Instant;
import java.util.Date;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultProducer;

/**
 * Appends the message body (converted to byte[]) to the spool, on the channel in {@code BufferhubChannel}
 * (default {@code main}) with the capture time in {@code CamelSerialCapturedAt} (default now). Returns
 * only once the chunk is durable; {@link SpoolFullException} propagates so the sender (the serial
 * consumer) keeps the frame and retries. A chunk dropped under dropOldest sets
 * {@code BufferhubSpoolDropped=true}.
 */
public class SpoolProducer extends DefaultProducer {

    /** Set to true when the spool dropped the chunk (policy dropOldest with no room even after dropping). */
    public static final String DROPPED = "BufferhubSpoolDropped";

    public SpoolProducer(SpoolEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public SpoolEndpoint getEndpoint() {
        return (SpoolEndpoint) super.getEndpoint();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message m = exchange.getMessage();
        byte[] chunk = m.getMandatoryBody(byte[].class);
        String channel = m.getHeader(SpoolConstants.CHANNEL, SpoolConstants.DEFAULT_CHANNEL, String.class);
        long capturedAt = capturedAt(m.getHeader(SpoolConstants.CAPTURED_AT));
        if (!getEndpoint().spool().append(channel, chunk, capturedAt)) {
            m.setHeader(DROPPED, true);
        }
    }

    static long capturedAt(Object v) {
        if (v instanceof Number n) {
            return n.longValue();
        }
        if (v instanceof Instant i) {
            return i.toEpochMilli();
        }
        if (v instanceof Date d) {
            return d.getTime();
        }
        if (v instanceof CharSequence s && !s.isEmpty()) {
            String text = s.toString();
            return text.chars().allMatch(Character::isDigit) ? Long.parseLong(text)
                    : java.time.OffsetDateTime.parse(text).toInstant().toEpochMilli();
        }
        return System.currentTimeMillis();
    }
}
