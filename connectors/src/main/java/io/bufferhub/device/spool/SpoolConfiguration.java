package io.bufferhub.device.spool;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/**
 * Options of a {@code spool:name} endpoint. The spool options (all but the {@code retry*} and
 * {@code defaultOutcome} consumer options) belong to the one shared {@link Spool} of that name: they may
 * be given on any endpoint URI of the name, and two URIs giving different values is an error.
 */
@UriParams
public class SpoolConfiguration implements Cloneable {

    /** Options that configure the shared spool rather than one endpoint. */
    static final Set<String> SHARED = Set.of("dir", "capacityBytes", "fullPolicy", "fsync", "fsyncIntervalMs",
            "maxLines", "maxBytes", "maxAgeMs", "sealCheckMs");

    /** Directory of the spool (created if missing); required on at least one URI of the name. */
    @UriParam(label = "common")
    private String dir;
    /** Most payload bytes in open and sealed batches together (quarantined batches not counted). */
    @UriParam(label = "common", defaultValue = "67108864")
    private long capacityBytes = 64L << 20;
    /**
     * When full: stopReading throws SpoolFullException so the caller keeps the data upstream (a serial
     * consumer retries the frame, the PBX buffers); dropOldest deletes the oldest sealed batches and
     * reports the loss in the next batch's lost bytes.
     */
    @UriParam(label = "common", defaultValue = "stopReading", enums = "stopReading,dropOldest")
    private String fullPolicy = "stopReading";
    /**
     * everyWrite: fsync before each append returns (no acknowledged chunk is lost on power loss).
     * interval: fsync at most every fsyncIntervalMs; a power loss may lose that last window.
     */
    @UriParam(label = "common", defaultValue = "everyWrite", enums = "everyWrite,interval")
    private String fsync = "everyWrite";
    /** With fsync=interval, the longest time (ms) an appended chunk may stay unforced. */
    @UriParam(label = "common", defaultValue = "1000")
    private long fsyncIntervalMs = 1000;
    /** Seal an open batch when it holds this many lines (LF). */
    @UriParam(label = "common", defaultValue = "200")
    private int maxLines = 200;
    /** Seal an open batch at this many bytes (at the last line end within, or exactly here in a longer line). */
    @UriParam(label = "common", defaultValue = "1048576")
    private int maxBytes = 1 << 20;
    /** Seal an open batch this many ms after its first byte was captured. */
    @UriParam(label = "common", defaultValue = "60000")
    private long maxAgeMs = 60_000;
    /** How often (ms) the component's timer checks open batches against maxAgeMs. */
    @UriParam(label = "common", defaultValue = "250")
    private long sealCheckMs = 250;
    /** Consumer: first retry delay (ms) after a failed delivery; doubles per failure, with jitter. */
    @UriParam(label = "consumer", defaultValue = "1000")
    private long retryInitialDelayMs = 1000;
    /** Consumer: cap (ms) of the retry delay. */
    @UriParam(label = "consumer", defaultValue = "300000")
    private long retryMaxDelayMs = 300_000;
    /**
     * Consumer: what an exchange that completed without exception and without a BufferhubOutcome header
     * means. retry (default) never deletes a batch nobody confirmed; acked suits plain local routes.
     */
    @UriParam(label = "consumer", defaultValue = "retry", enums = "retry,acked")
    private String defaultOutcome = SpoolConstants.RETRY;

    public SpoolConfiguration copy() {
        try {
            return (SpoolConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }

    /** Values of the shared options, by option name (to detect URIs that disagree). */
    Map<String, Object> sharedValues() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dir", dir);
        m.put("capacityBytes", capacityBytes);
        m.put("fullPolicy", fullPolicy().name());
        m.put("fsync", fsyncPolicy().name());
        m.put("fsyncIntervalMs", fsyncIntervalMs);
        m.put("maxLines", maxLines);
        m.put("maxBytes", maxBytes);
        m.put("maxAgeMs", maxAgeMs);
        m.put("sealCheckMs", sealCheckMs);
        return m;
    }

    SpoolSettings toSettings() {
        return SpoolSettings.defaults().capacityBytes(capacityBytes).fullPolicy(fullPolicy()).fsync(fsyncPolicy())
                .fsyncIntervalMs(fsyncIntervalMs).maxLines(maxLines).maxBytes(maxBytes).maxAgeMs(maxAgeMs);
    }

    SpoolSettings.FullPolicy fullPolicy() {
        return parse(SpoolSettings.FullPolicy.class, fullPolicy, "fullPolicy");
    }

    SpoolSettings.FsyncPolicy fsyncPolicy() {
        return parse(SpoolSettings.FsyncPolicy.class, fsync, "fsync");
    }

    /** Accepts stopReading, stop-reading and STOP_READING alike. */
    private static <E extends Enum<E>> E parse(Class<E> type, String value, String option) {
        String s = String.valueOf(value).replaceAll("([a-z])([A-Z])", "$1_$2").replace('-', '_').toUpperCase(Locale.ROOT);
        List<String> allowed = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(s)) {
                return e;
            }
            String[] words = e.name().toLowerCase(Locale.ROOT).split("_");
            StringBuilder camel = new StringBuilder(words[0]);
            for (int i = 1; i < words.length; i++) {
                camel.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
            }
            allowed.add(camel.toString());
        }
        throw new IllegalArgumentException(option + " must be one of " + allowed + ", got '" + value + "'");
    }

    public String getDir() {
        return dir;
    }

    public void setDir(String dir) {
        this.dir = dir;
    }

    public long getCapacityBytes() {
        return capacityBytes;
    }

    public void setCapacityBytes(long capacityBytes) {
        this.capacityBytes = capacityBytes;
    }

    public String getFullPolicy() {
        return fullPolicy;
    }

    public void setFullPolicy(String fullPolicy) {
        this.fullPolicy = fullPolicy;
    }

    public String getFsync() {
        return fsync;
    }

    public void setFsync(String fsync) {
        this.fsync = fsync;
    }

    public long getFsyncIntervalMs() {
        return fsyncIntervalMs;
    }

    public void setFsyncIntervalMs(long fsyncIntervalMs) {
        this.fsyncIntervalMs = fsyncIntervalMs;
    }

    public int getMaxLines() {
        return maxLines;
    }

    public void setMaxLines(int maxLines) {
        this.maxLines = maxLines;
    }

    public int getMaxBytes() {
        return maxBytes;
    }

    public void setMaxBytes(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    public long getMaxAgeMs() {
        return maxAgeMs;
    }

    public void setMaxAgeMs(long maxAgeMs) {
        this.maxAgeMs = maxAgeMs;
    }

    public long getSealCheckMs() {
        return sealCheckMs;
    }

    public void setSealCheckMs(long sealCheckMs) {
        this.sealCheckMs = sealCheckMs;
    }

    public long getRetryInitialDelayMs() {
        return retryInitialDelayMs;
    }

    public void setRetryInitialDelayMs(long retryInitialDelayMs) {
        this.retryInitialDelayMs = retryInitialDelayMs;
    }

    public long getRetryMaxDelayMs() {
        return retryMaxDelayMs;
    }

    public void setRetryMaxDelayMs(long retryMaxDelayMs) {
        this.retryMaxDelayMs = retryMaxDelayMs;
    }

    public String getDefaultOutcome() {
        return defaultOutcome;
    }

    public void setDefaultOutcome(String defaultOutcome) {
        this.defaultOutcome = defaultOutcome;
    }
}
