package io.bufferhub.device.spool;

import java.util.Arrays;

/**
 * In-memory mirror of one channel's open batch: the payload bytes of its journal in order, where each
 * chunk starts and when it was captured, and how many LFs it holds. It decides where a batch is cut;
 * the bytes after the cut (usually a partial line) become the next open batch with their capture times.
 */
final class OpenBatch {

    /** Receives the pieces of the batch after a cut, one per (part of a) captured chunk. */
    interface PieceSink {
        void piece(byte[] data, int off, int len, long capturedAt);
    }

    private byte[] data = new byte[256];
    private int size;
    private int[] chunkStart = new int[16];
    private long[] chunkTime = new long[16];
    private int chunks;
    private int lines;
    private long ageBase;

    void add(byte[] b, int off, int len, long capturedAt) {
        if (len == 0) {
            return;
        }
        if (size == 0) {
            ageBase = capturedAt;
        }
        if (size + len > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, size + len));
        }
        if (chunks == chunkStart.length) {
            chunkStart = Arrays.copyOf(chunkStart, chunks * 2);
            chunkTime = Arrays.copyOf(chunkTime, chunks * 2);
        }
        chunkStart[chunks] = size;
        chunkTime[chunks++] = capturedAt;
        System.arraycopy(b, off, data, size, len);
        for (int i = size; i < size + len; i++) {
            if (data[i] == '\n') {
                lines++;
            }
        }
        size += len;
    }

    int size() {
        return size;
    }

    int lines() {
        return lines;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Capture time of the first byte (epoch ms); only meaningful when not empty. */
    long firstCapturedAt() {
        return chunkTime[0];
    }

    /**
     * Where {@code maxAgeMs} counts from: the capture time of the first byte, or later for a partial line
     * carried over by an age seal (it gets a fresh period to see its line end before being cut).
     */
    long ageBase() {
        return ageBase;
    }

    void restartAge(long at) {
        ageBase = Math.max(ageBase, at);
    }

    /** Capture time of the chunk holding byte {@code index}. */
    long capturedAtOf(int index) {
        int i = Arrays.binarySearch(chunkStart, 0, chunks, index);
        return chunkTime[i >= 0 ? i : -i - 2];
    }

    /**
     * Where a size limit cuts this batch, or 0 when none is reached: after the {@code maxLines}-th LF, or
     * at the last LF within {@code maxBytes} (exactly at {@code maxBytes} when that line is longer).
     */
    int sizeCut(int maxLines, int maxBytes) {
        int cut = lines >= maxLines ? afterLine(maxLines) : Integer.MAX_VALUE;
        if (size >= maxBytes) {
            int atLine = lastLineEndWithin(maxBytes);
            cut = Math.min(cut, atLine > 0 ? atLine : maxBytes);
        }
        return cut == Integer.MAX_VALUE ? 0 : cut;
    }

    /** Where {@code maxAgeMs} cuts this batch at {@code now}, or 0: at the last LF, or all without one. */
    int ageCut(long maxAgeMs, long now) {
        if (size == 0 || now - ageBase < maxAgeMs) {
            return 0;
        }
        int atLine = lastLineEndWithin(size);
        return atLine > 0 ? atLine : size;
    }

    /** Offset just after the {@code n}-th LF, or -1 when there are fewer. */
    int afterLine(int n) {
        int seen = 0;
        for (int i = 0; i < size; i++) {
            if (data[i] == '\n' && ++seen == n) {
                return i + 1;
            }
        }
        return -1;
    }

    /** Offset just after the last LF among the first {@code limit} bytes, or 0 when there is none. */
    int lastLineEndWithin(int limit) {
        for (int i = Math.min(limit, size) - 1; i >= 0; i--) {
            if (data[i] == '\n') {
                return i + 1;
            }
        }
        return 0;
    }

    byte[] bytes(int from, int to) {
        return Arrays.copyOfRange(data, from, to);
    }

    /** Feeds the bytes from {@code from} to the end as pieces keeping each chunk's capture time. */
    void piecesFrom(int from, PieceSink sink) {
        for (int c = 0; c < chunks; c++) {
            int start = chunkStart[c];
            int end = c + 1 < chunks ? chunkStart[c + 1] : size;
            if (end > from) {
                int s = Math.max(start, from);
                sink.piece(data, s, end - s, chunkTime[c]);
            }
        }
    }

    /** A new open batch holding the bytes from {@code from} on (what stays after a seal). */
    OpenBatch tail(int from) {
        OpenBatch rest = new OpenBatch();
        piecesFrom(from, rest::add);
        return rest;
    }
}
