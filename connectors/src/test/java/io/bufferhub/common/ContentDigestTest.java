package io.bufferhub.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ContentDigestTest {

    private static final byte[] HELLO = "{\"hello\": \"world\"}".getBytes(StandardCharsets.US_ASCII);

    @Test
    void matchesTheRfc9530Example() {
        // RFC 9530 appendix: sha-256 of {"hello": "world"}
        assertEquals("sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:", ContentDigest.headerFor(HELLO));
    }

    @Test
    void parsesSha256AmongOtherAlgorithmsAndParameters() {
        byte[] d = ContentDigest.sha256(HELLO);
        assertArrayEquals(d, ContentDigest.parseSha256("sha-512=:AAAA:, sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:"));
        assertArrayEquals(d, ContentDigest.parseSha256("sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:;p=1"));
    }

    @Test
    void refusesMissingAndMalformedHeadersNamingTheHeader() {
        for (String bad : new String[] {null, "", "sha-256", "sha-256=abc", "sha-256=:%%%:", "sha-256=:AAAA:", "md5=:AAAA:"}) {
            Problem p = assertThrows(Problem.class, () -> ContentDigest.parseSha256(bad), String.valueOf(bad));
            assertEquals(400, p.status());
            assertTrue(p.detail().startsWith("Content-Digest"), p.detail());
        }
    }
}
