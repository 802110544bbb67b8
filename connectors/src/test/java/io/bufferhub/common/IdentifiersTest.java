package io.bufferhub.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IdentifiersTest {

    @Test
    void serialsFollowTheProtocolAlphabet() {
        assertTrue(Identifiers.isSerial("ACME-01.pbx_2"));
        assertTrue(Identifiers.isSerial("x".repeat(64)));
        for (String bad : new String[] {null, "", "x".repeat(65), "a b", "a/b", "../etc", "é", "a\r\nb"}) {
            assertFalse(Identifiers.isSerial(bad), String.valueOf(bad));
        }
    }

    @Test
    void seqIsCanonicalDecimalInRange() {
        assertEquals(1, Identifiers.parseSeq("1"));
        assertEquals(Long.MAX_VALUE, Identifiers.parseSeq("9223372036854775807"));
        for (String bad : new String[] {null, "", "0", "-1", "+1", "01", "1e3", "9223372036854775808", "99999999999999999999"}) {
            assertEquals(-1, Identifiers.parseSeq(bad), String.valueOf(bad));
        }
    }
}
