package io.bufferhub.hub.updates;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import io.bufferhub.common.ContentDigest;
import io.bufferhub.common.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PROTOCOL.md §5 payload download, black-box: strong ETag, Range resume (206), 416, If-Range, If-None-Match
 * (304), and another device's update is 404.
 */
abstract class UpdateDownloadContract extends UpdateTestBase {

    private final byte[] firmware = new byte[200_003]; // odd size: halves are not equal
    private String serial;
    private String id;
    private String path;
    private String etag;

    @BeforeAll
    void publishFirmware() throws Exception {
        new Random(42).nextBytes(firmware);
        serial = newDevice();
        Map<String, Object> u = update(Map.of("serial", serial), "firmware", "3.1.4", firmware);
        u.put("signature", Base64.getEncoder().encodeToString(new byte[64]));
        id = published(u);
        path = "/bpp/v1/devices/" + serial + "/updates/" + id + "/payload";
        etag = "\"" + ContentDigest.hex(ContentDigest.sha256(firmware)) + "\"";
    }

    @Test
    void wholePayloadWithStrongEtagMatchingTheListedSha256() throws Exception {
        JsonNode item = checkIn(serial).get("updates").get(0);
        assertEquals(path, item.get("href").asText());
        Raw r = download(serial, item.get("href").asText(), Map.of());
        assertEquals(200, r.status());
        assertArrayEquals(firmware, r.body());
        assertEquals("\"" + item.get("sha256").asText() + "\"", r.header("etag"));
        assertEquals(etag, r.header("etag"));
        assertEquals("bytes", r.header("accept-ranges"));
        assertEquals("application/octet-stream", r.header("content-type"));
        assertEquals(String.valueOf(firmware.length), r.header("content-length"));
        assertNotNull(r.header("date"));
        assertNull(r.header("authorization"), "request headers are never echoed");
    }

    @Test
    void interruptedDownloadResumesWithRange() throws Exception {
        int half = firmware.length / 2;
        Raw first = download(serial, path, Map.of("Range", "bytes=0-" + (half - 1)));
        assertEquals(206, first.status());
        assertEquals("bytes 0-" + (half - 1) + "/" + firmware.length, first.header("content-range"));
        assertEquals(half, first.body().length);
        Raw rest = download(serial, path, Map.of("Range", "bytes=" + half + "-", "If-Range", etag));
        assertEquals(206, rest.status());
        assertEquals("bytes " + half + "-" + (firmware.length - 1) + "/" + firmware.length,
                rest.header("content-range"));
        assertEquals(etag, rest.header("etag"));
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        joined.write(first.body());
        joined.write(rest.body());
        assertEquals(ContentDigest.hex(ContentDigest.sha256(firmware)),
                ContentDigest.hex(ContentDigest.sha256(joined.toByteArray())));
    }

    @Test
    void suffixAndClampedRanges() throws Exception {
        Raw tail = download(serial, path, Map.of("Range", "bytes=-10"));
        assertEquals(206, tail.status());
        assertArrayEquals(java.util.Arrays.copyOfRange(firmware, firmware.length - 10, firmware.length), tail.body());
        Raw clamped = download(serial, path, Map.of("Range", "bytes=100-99999999"));
        assertEquals(206, clamped.status());
        assertEquals("bytes 100-" + (firmware.length - 1) + "/" + firmware.length, clamped.header("content-range"));
        Raw ignored = download(serial, path, Map.of("Range", "lines=1-2"));
        assertEquals(200, ignored.status(), "unknown range unit is ignored");
        assertEquals(firmware.length, ignored.body().length);
    }

    @Test
    void rangeBeyondTheEndIs416() throws Exception {
        Raw r = download(serial, path, Map.of("Range", "bytes=" + firmware.length + "-"));
        assertEquals(416, r.status());
        assertEquals("bytes */" + firmware.length, r.header("content-range"));
        assertEquals("application/problem+json", r.header("content-type"));
        Map<String, Object> p = Json.readObject(r.body());
        assertEquals(416, p.get("status"));
        assertTrue(((String) p.get("detail")).contains("Range"));
    }

    @Test
    void ifNoneMatchWithTheEtagIs304WithoutBody() throws Exception {
        Raw r = download(serial, path, Map.of("If-None-Match", etag));
        assertEquals(304, r.status());
        assertEquals(0, r.body().length);
        assertEquals(etag, r.header("etag"));
        Raw other = download(serial, path, Map.of("If-None-Match", "\"0000\""));
        assertEquals(200, other.status());
        assertEquals(firmware.length, other.body().length);
    }

    @Test
    void ifRangeWithAnotherEtagSendsTheWholePayload() throws Exception {
        Raw r = download(serial, path, Map.of("Range", "bytes=1000-", "If-Range", "\"something-else\""));
        assertEquals(200, r.status());
        assertArrayEquals(firmware, r.body());
    }

    @Test
    void anotherDevicesUpdateAndUnknownIdsAre404() throws Exception {
        String other = newDevice();
        assertProblem(device(other, "GET", "/updates/" + id + "/payload", null), 404, "id");
        assertProblem(device(other, "GET", "/updates/00000000-0000-0000-0000-000000000000/payload", null), 404, "id");
        assertProblem(device(other, "POST", "/updates/" + id + "/status", "{\"state\":\"applied\"}"), 404, "id");
        assertEquals(0, checkIn(other).get("updates").size());
        assertEquals("pending", json(admin("GET", "/admin/updates/" + id, null)).get("devices").get(0)
                .get("state").asText(), "the other device's report changed nothing");
    }
}
