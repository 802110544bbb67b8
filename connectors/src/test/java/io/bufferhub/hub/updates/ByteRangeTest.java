package io.bufferhub.hub.updates;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bufferhub.hub.updates.ByteRange.Kind;
import org.junit.jupiter.api.Test;

/** RFC 9110 §14 single-range resolution as the payload download uses it. */
class ByteRangeTest {

    private static final long SIZE = 1000;

    private static void partial(String header, long first, long last) {
        ByteRange r = ByteRange.parse(header, SIZE);
        assertEquals(Kind.PARTIAL, r.kind(), header);
        assertEquals(first, r.first(), header);
        assertEquals(last, r.last(), header);
        assertEquals(last - first + 1, r.length(), header);
    }

    private static void kind(String header, Kind expected) {
        assertEquals(expected, ByteRange.parse(header, SIZE).kind(), header);
    }

    @Test
    void firstAndLastPositions() {
        partial("bytes=0-499", 0, 499);
        partial("bytes=500-999", 500, 999);
        partial("bytes=0-0", 0, 0);
        partial("bytes=999-999", 999, 999);
        assertEquals("bytes 500-999/1000", ByteRange.parse("bytes=500-999", SIZE).contentRange(SIZE));
    }

    @Test
    void openEndedResumes() {
        partial("bytes=500-", 500, 999);
        partial("bytes=0-", 0, 999);
        partial("bytes=999-", 999, 999);
    }

    @Test
    void lastPositionBeyondTheEndIsClamped() {
        partial("bytes=900-5000", 900, 999);
        partial("bytes=0-99999999999999999999999", 0, 999);
    }

    @Test
    void suffixRanges() {
        partial("bytes=-1", 999, 999);
        partial("bytes=-100", 900, 999);
        partial("bytes=-1000", 0, 999);
        partial("bytes=-5000", 0, 999);
        kind("bytes=-0", Kind.UNSATISFIABLE);
    }

    @Test
    void startAtOrBeyondTheEndIsUnsatisfiable() {
        kind("bytes=1000-", Kind.UNSATISFIABLE);
        kind("bytes=1000-2000", Kind.UNSATISFIABLE);
        kind("bytes=99999999999999999999999-", Kind.UNSATISFIABLE);
        assertEquals("bytes */1000", ByteRange.unsatisfiedRange(SIZE));
    }

    @Test
    void whatIsNotUnderstoodIsIgnoredAndTheWholePayloadSent() {
        kind(null, Kind.WHOLE);
        kind("", Kind.WHOLE);
        kind("lines=0-5", Kind.WHOLE);
        kind("bytes", Kind.WHOLE);
        kind("bytes=", Kind.WHOLE);
        kind("bytes=-", Kind.WHOLE);
        kind("bytes=abc-", Kind.WHOLE);
        kind("bytes=5-1", Kind.WHOLE);
        kind("bytes=1-2-3", Kind.WHOLE);
        kind("bytes=+1-2", Kind.WHOLE);
        kind("bytes=0-1,5-6", Kind.WHOLE);
    }

    @Test
    void unitIsCaseInsensitiveAndWhitespaceTolerated() {
        partial("Bytes=10-19", 10, 19);
        partial(" bytes = 10 - 19 ", 10, 19);
    }
}
