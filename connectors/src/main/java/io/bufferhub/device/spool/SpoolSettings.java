package io.bufferhub.device.spool;

/**
 * Tuning of a {@link Spool}: how much it may hold, what happens when it is full, how often it forces
 * data to the disk and when an open batch is sealed. Mutable and fluent so callers (and the Camel
 * component) can start from {@link #defaults()} and change only what they need.
 */
public final class SpoolSettings {

    /** What {@link Spool#append} does when the chunk does not fit in {@link #capacityBytes()}. */
    public enum FullPolicy {
        /** Refuse the chunk with {@link SpoolFullException}: the caller keeps it upstream (PBX buffer). */
        STOP_READING,
        /** Delete the oldest sealed batches to make room and report the loss in {@code X-Lost-Bytes}. */
        DROP_OLDEST
    }

    /** When appended chunks are forced from the page cache to the disk. */
    public enum FsyncPolicy {
        /** {@code fsync} before every append returns: nothing acknowledged is lost, even on power loss. */
        EVERY_WRITE,
        /**
         * {@code fsync} at most every {@link #fsyncIntervalMs()} (on the next append or by a background
         * flusher): a power loss may lose the chunks of the last interval; a process crash loses nothing.
         */
        INTERVAL
    }

    private long capacityBytes = 64L << 20;
    private FullPolicy fullPolicy = FullPolicy.STOP_READING;
    private FsyncPolicy fsync = FsyncPolicy.EVERY_WRITE;
    private long fsyncIntervalMs = 1000;
    private int maxLines = 200;
    private int maxBytes = 1 << 20;
    private long maxAgeMs = 60_000;

    /** 64 MiB, stop reading when full, fsync every write, seal at 200 lines, 1 MiB or 60 s. */
    public static SpoolSettings defaults() {
        return new SpoolSettings();
    }

    public long capacityBytes() {
        return capacityBytes;
    }

    public SpoolSettings capacityBytes(long v) {
        capacityBytes = positive(v, "capacityBytes");
        return this;
    }

    public FullPolicy fullPolicy() {
        return fullPolicy;
    }

    public SpoolSettings fullPolicy(FullPolicy v) {
        fullPolicy = java.util.Objects.requireNonNull(v, "fullPolicy");
        return this;
    }

    public FsyncPolicy fsync() {
        return fsync;
    }

    public SpoolSettings fsync(FsyncPolicy v) {
        fsync = java.util.Objects.requireNonNull(v, "fsync");
        return this;
    }

    public long fsyncIntervalMs() {
        return fsyncIntervalMs;
    }

    public SpoolSettings fsyncIntervalMs(long v) {
        fsyncIntervalMs = positive(v, "fsyncIntervalMs");
        return this;
    }

    public int maxLines() {
        return maxLines;
    }

    public SpoolSettings maxLines(int v) {
        maxLines = (int) positive(v, "maxLines");
        return this;
    }

    public int maxBytes() {
        return maxBytes;
    }

    public SpoolSettings maxBytes(int v) {
        maxBytes = (int) positive(v, "maxBytes");
        return this;
    }

    public long maxAgeMs() {
        return maxAgeMs;
    }

    public SpoolSettings maxAgeMs(long v) {
        maxAgeMs = positive(v, "maxAgeMs");
        return this;
    }

    private static long positive(long v, String name) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, got " + v);
        }
        return v;
    }

    @Override
    public String toString() {
        return "capacityBytes=" + capacityBytes + " fullPolicy=" + fullPolicy + " fsync=" + fsync
                + " fsyncIntervalMs=" + fsyncIntervalMs + " maxLines=" + maxLines + " maxBytes=" + maxBytes
                + " maxAgeMs=" + maxAgeMs;
    }
}
