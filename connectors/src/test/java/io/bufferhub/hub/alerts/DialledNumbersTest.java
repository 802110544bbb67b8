package io.bufferhub.hub.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;

class DialledNumbersTest {

    private static final Set<String> EMERGENCY = Set.of("911", "112", "999");
    private static final Set<String> TRUNK = Set.of("9", "0");
    private static final Set<String> INTERNATIONAL = Set.of("011", "00", "+");
    private static final Set<String> PREMIUM = Set.of("1900", "0900");

    @Test
    void normaliseDropsPunctuation() {
        assertEquals("9999", DialledNumbers.normalise("9-999"));
        assertEquals("+4420794600", DialledNumbers.normalise("+44 (20) 7946.00"));
        assertEquals("*21#", DialledNumbers.normalise("*21#"));
        assertEquals("", DialledNumbers.normalise(null));
    }

    @Test
    void emergencyNumbersDirectlyOrBehindOneTrunkPrefix() {
        for (String yes : new String[] {"911", "112", "999", "9911", "9-999", "9999", "9112", "0112", "9-911",
            " 9 1 1 ", "(9)911"}) {
            assertTrue(DialledNumbers.isEmergency(yes, EMERGENCY, TRUNK), yes);
        }
        for (String no : new String[] {"9111", "91112223333", "1911", "99911", "9112 3", "911 1", "", "91",
            "8911", null}) {
            assertFalse(DialledNumbers.isEmergency(no, EMERGENCY, TRUNK), String.valueOf(no));
        }
        assertFalse(DialledNumbers.isEmergency("9911", EMERGENCY, Set.of()));
    }

    @Test
    void internationalPrefixesDirectlyOrBehindATrunkPrefix() {
        for (String yes : new String[] {"011441234", "9011441234", "0044123", "90044123", "+44 20 7946",
            "9+4420"}) {
            assertTrue(DialledNumbers.isInternational(yes, INTERNATIONAL, TRUNK), yes);
        }
        for (String no : new String[] {"00", "9011", "+", "912125551234", "02079460000", "4207", "", null}) {
            assertFalse(DialledNumbers.isInternational(no, INTERNATIONAL, TRUNK), String.valueOf(no));
        }
    }

    @Test
    void premiumPrefixes() {
        assertTrue(DialledNumbers.hasPrefix("19005551234", PREMIUM, TRUNK));
        assertTrue(DialledNumbers.hasPrefix("9-1900-555-1234", PREMIUM, TRUNK));
        assertTrue(DialledNumbers.hasPrefix("00900123456", PREMIUM, TRUNK));
        assertFalse(DialledNumbers.hasPrefix("1900", PREMIUM, TRUNK));
        assertFalse(DialledNumbers.hasPrefix("18005551234", PREMIUM, TRUNK));
        assertFalse(DialledNumbers.hasPrefix("991900555", PREMIUM, TRUNK));
    }
}
