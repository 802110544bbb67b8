package io.bufferhub.hub.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import io.bufferhub.common.ContentDigest;
import io.bufferhub.common.Problem;
import org.junit.jupiter.api.Test;

class BatchHeadersTest {

    private static Map<String, String> valid() {
        Map<String, String> h = new HashMap<>();
        h.put("Content-Digest", ContentDigest.headerFor("x".getBytes(StandardCharsets.US_ASCII)));
        return h;
    }

    private static BatchHeaders parse(String seq, Map<String, String> h) {
        return BatchHeaders.parse(seq, h::get);
    }

    @Test
    void defaultsAreMainChannelAndLosslessCharset() {
        BatchHeaders b = parse("42", valid());
        assertEquals(42, b.seq());
        assertEquals("main", b.channel());
        assertEquals(StandardCharsets.ISO_8859_1, b.charset(), "no Content-Type: octet-stream, bytes kept 1:1");
        Map<String, String> h = valid();
        h.put("Content-Type", "text/plain; charset=\"UTF-8\"");
        assertEquals(StandardCharsets.UTF_8, parse("1", h).charset());
        h.put("Content-Type", "text/plain");
        assertEquals(StandardCharsets.ISO_8859_1, parse("1", h).charset(), "US-ASCII default read losslessly");
    }

    @Test
    void eachFaultNamesItsHeader() {
        String[][] cases = {
            {"Content-Type", "application/json", "Content-Type", "415"},
            {"Content-Type", "text/plain; charset=nope", "charset", "415"},
            {"X-Channel", "a/b", "X-Channel", "400"},
            {"X-Captured-From", "2026-11-21", "X-Captured-From", "400"},
            {"X-Buffer-Used", "-3", "X-Buffer-Used", "400"},
            {"X-Lost-Bytes", "lots", "X-Lost-Bytes", "400"},
            {"X-Device-Name", "n".repeat(129), "X-Device-Name", "400"},
        };
        for (String[] c : cases) {
            Map<String, String> h = valid();
            h.put(c[0], c[1]);
            Problem p = assertThrows(Problem.class, () -> parse("1", h), c[0]);
            assertEquals(Integer.parseInt(c[3]), p.status(), c[0]);
            assertTrue(p.detail().contains(c[2]), p.detail());
        }
        Problem seq = assertThrows(Problem.class, () -> parse("0", valid()));
        assertTrue(seq.detail().startsWith("seq"));
    }
}
