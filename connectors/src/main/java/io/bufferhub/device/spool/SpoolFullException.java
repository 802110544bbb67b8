package io.bufferhub.device.spool;

import java.io.IOException;

/**
 * The chunk does not fit and the spool's policy is {@link SpoolSettings.FullPolicy#STOP_READING}: nothing
 * was written. The caller must keep the data upstream and offer it again later (for a serial line that
 * means not reading, so the PBX buffers). An {@link IOException} so it travels where I/O errors do.
 */
public class SpoolFullException extends IOException {

    private static final long serialVersionUID = 1L;

    private final long usedBytes;
    private final long capacityBytes;

    public SpoolFullException(int chunkBytes, long usedBytes, long capacityBytes) {
        super("spool full: " + usedBytes + " of " + capacityBytes + " bytes in use, cannot take " + chunkBytes
                + " more bytes (policy stopReading: keep the data upstream and retry)");
        this.usedBytes = usedBytes;
        this.capacityBytes = capacityBytes;
    }

    public long usedBytes() {
        return usedBytes;
    }

    public long capacityBytes() {
        return capacityBytes;
    }
}
