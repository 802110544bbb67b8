package io.bufferhub.hub.updates;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** If-None-Match (weak comparison) and If-Range (strong ETag or exact date) for payload downloads. */
class UpdateDeviceConditionalsTest {

    private static final String ETAG = "\"abc123\"";
    private static final long CREATED = 1_795_000_000_123L; // the sub-second part is not in HTTP dates

    @Test
    void ifNoneMatch() {
        assertTrue(UpdateDevice.noneMatchHits(ETAG, ETAG));
        assertTrue(UpdateDevice.noneMatchHits("W/\"abc123\"", ETAG));
        assertTrue(UpdateDevice.noneMatchHits("\"x\", \"abc123\"", ETAG));
        assertTrue(UpdateDevice.noneMatchHits("*", ETAG));
        assertFalse(UpdateDevice.noneMatchHits("\"abc12\"", ETAG));
        assertFalse(UpdateDevice.noneMatchHits("abc123", ETAG));
    }

    @Test
    void ifRange() {
        assertTrue(UpdateDevice.ifRangeHolds(null, ETAG, CREATED));
        assertTrue(UpdateDevice.ifRangeHolds(ETAG, ETAG, CREATED));
        assertFalse(UpdateDevice.ifRangeHolds("W/\"abc123\"", ETAG, CREATED), "weak tags never match");
        assertFalse(UpdateDevice.ifRangeHolds("\"other\"", ETAG, CREATED));
        String date = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
                .format(java.time.Instant.ofEpochMilli(CREATED).atZone(java.time.ZoneOffset.UTC));
        assertTrue(UpdateDevice.ifRangeHolds(date, ETAG, CREATED), date);
        assertFalse(UpdateDevice.ifRangeHolds("Sun, 06 Nov 1994 08:49:37 GMT", ETAG, CREATED));
        assertFalse(UpdateDevice.ifRangeHolds("yesterday", ETAG, CREATED));
    }
}
