package io.bufferhub.device.push;

/**
 * What the device does with a batch after one push (PROTOCOL.md §3).
 *
 * @param kind         STORED: delete it; QUARANTINE: move it aside and raise an alarm; RETRY: keep it, send the
 *                     same seq and bytes again after {@code retryAfterMs}
 * @param status       the hub's HTTP status, 0 when there was no answer (connection failure, redirect loop)
 * @param records      lines the hub counted (STORED), else 0
 * @param duplicate    STORED by an earlier push (200)
 * @param retryAfterMs RETRY: how long to wait before the next attempt; else 0
 * @param detail       the problem detail (QUARANTINE, RETRY with an answer) or the error (RETRY without one)
 */
public record PushResult(Kind kind, int status, long records, boolean duplicate, long retryAfterMs, String detail) {

    public enum Kind { STORED, QUARANTINE, RETRY }

    static PushResult stored(int status, long records, boolean duplicate) {
        return new PushResult(Kind.STORED, status, records, duplicate, 0, null);
    }

    static PushResult quarantine(int status, String detail) {
        return new PushResult(Kind.QUARANTINE, status, 0, false, 0, detail);
    }

    static PushResult retry(int status, long retryAfterMs, String detail) {
        return new PushResult(Kind.RETRY, status, 0, false, retryAfterMs, detail);
    }
}
