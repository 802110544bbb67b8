package io.bufferhub.device.serial;

import java.util.Arrays;
import java.util.List;

import io.bufferhub.device.serial.SerialConfiguration.Delimiter;
import io.bufferhub.device.serial.SerialConfiguration.Framing;
import io.bufferhub.device.serial.SerialFrame.End;

/**
 * Cuts the byte stream of a port into frames. Pure logic, no I/O and no clock of its own: the caller passes
 * the time of each read, so every rule (including the idle rules) is unit-testable and deterministic. Quiet
 * times are measured on the caller's monotonic clock, capture times are wall-clock: a device without RTC
 * whose clock NTP sets back an hour must not hold a partial frame for an hour.
 * <p>
 * Invariant that the capture device relies on: with {@code includeDelimiter=true} every byte fed ends up in
 * exactly one emitted frame, in order, whatever the chunking of the reads; nothing is held back except the
 * current partial frame, which {@link #flush} hands out when the port vanishes or the consumer stops.
 * <p>
 * Not thread-safe: owned by the single reader thread of a consumer.
 */
final class FrameAssembler {

    private static final byte CR = '\r';
    private static final byte LF = '\n';

    private final Framing framing;
    private final Delimiter delimiter;
    private final boolean includeDelimiter;
    private final int fixedLength;
    private final long idleGapMs;
    private final long maxFrameIdleMs;
    private final int maxFrameBytes;

    private byte[] buf = new byte[256];
    private int len;
    /** Wall-clock capture time of the first byte of the partial frame. */
    private long firstAt;
    /** Monotonic time of the last byte. */
    private long lastAt;
    /** delimiter=ANY: the frame ends in a CR whose fate (CRLF or lone CR) depends on the next byte. */
    private boolean pendingCr;
    /** Last byte ever fed, across frames: a CRLF split by maxFrameBytes still counts for delimiter=CRLF. */
    private int prev = -1;

    FrameAssembler(SerialConfiguration cfg) {
        this.framing = cfg.getFraming();
        this.delimiter = cfg.getDelimiter();
        this.includeDelimiter = cfg.isIncludeDelimiter();
        this.fixedLength = cfg.getFixedLength();
        this.idleGapMs = cfg.getIdleGapMs();
        this.maxFrameIdleMs = cfg.getMaxFrameIdleMs();
        this.maxFrameBytes = cfg.getMaxFrameBytes();
    }

    /**
     * Adds {@code n} bytes read at {@code now}; completed frames are appended to {@code out}. A partial frame
     * whose quiet time already expired before this read is closed first, so it never absorbs the new bytes.
     */
    void feed(byte[] data, int off, int n, long now, List<SerialFrame> out) {
        feed(data, off, n, now, now, out);
    }

    /** As {@link #feed(byte[], int, int, long, List)} with separate monotonic {@code now} and wall-clock time. */
    void feed(byte[] data, int off, int n, long now, long wallNow, List<SerialFrame> out) {
        tick(now, out);
        for (int i = off; i < off + n; i++) {
            byte b = data[i];
            if (pendingCr) {
                pendingCr = false;
                if (b == LF) {
                    append(b, now, wallNow);
                    emit(End.DELIMITER, 2, out);
                    prev = b;
                    continue;
                }
                emit(End.DELIMITER, 1, out);
            }
            append(b, now, wallNow);
            if (framing == Framing.LINE) {
                line(b, out);
            } else if (framing == Framing.FIXED && len == fixedLength) {
                emit(End.LENGTH, 0, out);
            }
            if (len >= maxFrameBytes) {
                pendingCr = false;
                emit(End.MAX_BYTES, 0, out);
            }
            prev = b;
        }
    }

    private void line(byte b, List<SerialFrame> out) {
        switch (delimiter) {
            case LF -> {
                if (b == LF) {
                    emit(End.DELIMITER, 1, out);
                }
            }
            case CR -> {
                if (b == CR) {
                    emit(End.DELIMITER, 1, out);
                }
            }
            case CRLF -> {
                if (b == LF && prev == CR) {
                    emit(End.DELIMITER, Math.min(2, len), out);
                }
            }
            case ANY -> {
                if (b == LF) {
                    emit(End.DELIMITER, 1, out);
                } else if (b == CR) {
                    pendingCr = true;
                }
            }
        }
    }

    /** Closes the partial frame if the line has been quiet long enough (call after every empty read). */
    void tick(long now, List<SerialFrame> out) {
        if (len > 0 && now - lastAt >= quietLimit()) {
            if (pendingCr) {
                pendingCr = false;
                emit(End.DELIMITER, 1, out);
            } else {
                emit(End.IDLE, 0, out);
            }
        }
    }

    private long quietLimit() {
        if (pendingCr || framing == Framing.IDLE) {
            return idleGapMs;
        }
        return maxFrameIdleMs > 0 ? maxFrameIdleMs : Long.MAX_VALUE;
    }

    /** Hands out the partial frame, if any, with the given reason (port vanished, consumer stopping). */
    void flush(End reason, List<SerialFrame> out) {
        if (len > 0) {
            boolean cr = pendingCr;
            pendingCr = false;
            emit(cr ? End.DELIMITER : reason, cr ? 1 : 0, out);
        }
    }

    boolean hasPending() {
        return len > 0;
    }

    private void append(byte b, long now, long wallNow) {
        if (len == 0) {
            firstAt = wallNow;
        }
        if (len == buf.length) {
            buf = Arrays.copyOf(buf, Math.min(Math.max(buf.length * 2, 16), Math.max(maxFrameBytes, 16)));
        }
        buf[len++] = b;
        lastAt = now;
    }

    private void emit(End end, int delimiterLength, List<SerialFrame> out) {
        int keep = includeDelimiter ? len : len - delimiterLength;
        if (keep > 0 || includeDelimiter) {
            out.add(new SerialFrame(Arrays.copyOf(buf, keep), firstAt, end));
        }
        len = 0;
        if (buf.length > 4096) {
            buf = new byte[256]; // do not pin one huge frame's buffer for the life of the consumer
        }
    }
}
