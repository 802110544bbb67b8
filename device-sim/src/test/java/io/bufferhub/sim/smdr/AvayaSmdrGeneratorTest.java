package io.bufferhub.sim.smdr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class AvayaSmdrGeneratorTest {

    private static final LocalDateTime MONDAY_MORNING = LocalDateTime.of(2026, 3, 2, 8, 0);
    private static final Pattern START = Pattern.compile("\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2}");
    private static final Pattern DURATION = Pattern.compile("\\d{2}:\\d{2}:\\d{2}");
    private static final Pattern PARTY_DEVICE = Pattern.compile("E\\d+|T9\\d{3}|V8\\d{3}");

    private static String[] fields(String line) {
        return line.split(",", -1);
    }

    @Test
    void everyRecordHasTheFieldsOfCurrentReleasesInTheirFormats() {
        AvayaSmdrGenerator g = new AvayaSmdrGenerator(42, MONDAY_MORNING);
        for (int i = 0; i < 2000; i++) {
            String[] f = fields(g.nextLine());
            assertEquals(AvayaSmdrGenerator.FIELDS, f.length, String.join(",", f));
            assertTrue(START.matcher(f[0]).matches(), f[0]);
            assertTrue(DURATION.matcher(f[1]).matches(), f[1]);
            assertTrue(f[2].matches("\\d+"), "ring time " + f[2]);
            assertTrue(f[4].equals("I") || f[4].equals("O"), "direction " + f[4]);
            assertTrue(f[8].equals("0") || f[8].equals("1"), "is internal " + f[8]);
            assertEquals("0", f[10], "continuation");
            assertTrue(PARTY_DEVICE.matcher(f[11]).matches(), "party1 " + f[11]);
            assertTrue(PARTY_DEVICE.matcher(f[13]).matches(), "party2 " + f[13]);
            assertTrue(f[15].matches("\\d+") && f[16].matches("\\d+"), "hold/park");
            assertTrue(START.matcher(f[34]).matches(), "record time " + f[34]);
        }
    }

    @Test
    void batchEndsEveryLineInCrLfAndIsAscii() {
        byte[] batch = new AvayaSmdrGenerator(7, MONDAY_MORNING).batch(200);
        String text = new String(batch, StandardCharsets.US_ASCII);
        assertTrue(text.endsWith("\r\n"));
        assertEquals(200, text.split("\r\n", -1).length - 1);
        assertFalse(text.replace("\r\n", "").contains("\n") || text.replace("\r\n", "").contains("\r"));
        for (byte b : batch) {
            assertTrue(b >= 0, "non-ASCII byte");
        }
    }

    @Test
    void callIdsIncreaseByOneAndTimeMovesForwardRealistically() {
        AvayaSmdrGenerator g = new AvayaSmdrGenerator(3, MONDAY_MORNING);
        long previousId = AvayaSmdrGenerator.FIRST_CALL_ID - 1;
        LocalDateTime previousStart = MONDAY_MORNING;
        for (int i = 0; i < 5000; i++) {
            String[] f = fields(g.nextLine());
            long id = Long.parseLong(f[9]);
            assertEquals(previousId + 1, id);
            previousId = id;
            LocalDateTime start = LocalDateTime.parse(f[0], AvayaSmdrGenerator.CALL_START);
            assertTrue(start.isAfter(previousStart), "call start must advance: " + start);
            LocalDateTime end = LocalDateTime.parse(f[34], AvayaSmdrGenerator.CALL_START);
            int total = AvayaSmdrGenerator.seconds(f[1]) + Integer.parseInt(f[2]) + Integer.parseInt(f[15])
                    + Integer.parseInt(f[16]);
            assertEquals(start.plusSeconds(total), end, "record time = start + connected + ring + hold + park");
            previousStart = start;
        }
        // office hours are busy (about 12 s between calls), so 5000 calls cover days, not months
        assertTrue(g.clock().isBefore(MONDAY_MORNING.plusDays(14)), "clock ran to " + g.clock());
        assertTrue(g.clock().isAfter(MONDAY_MORNING.plusHours(12)), "clock ran to " + g.clock());
    }

    @Test
    void theMixOverTenThousandCallsMatchesTheSharesAndTheLines() {
        double emergencyRate = 0.01;
        AvayaSmdrGenerator g = new AvayaSmdrGenerator(2026, MONDAY_MORNING, emergencyRate);
        Map<CallMix, Long> seen = new EnumMap<>(CallMix.class);
        int n = 10_000;
        for (int i = 0; i < n; i++) {
            String[] f = fields(g.nextLine());
            CallMix kind = CallMix.classify(f);
            seen.merge(kind, 1L, Long::sum);
            if (kind == CallMix.INTERNAL) {
                assertEquals("E" + f[5], f[13], "internal calls name the called extension");
                assertTrue(f[11].startsWith("E") && f[13].startsWith("E"), "internal is ext to ext");
            }
            if (kind == CallMix.LONG) {
                assertTrue(AvayaSmdrGenerator.seconds(f[1]) > 30 * 60);
            }
        }
        Map<CallMix, Long> counted = g.counts();
        Map<CallMix, Double> shares = CallMix.shares(emergencyRate);
        for (CallMix kind : CallMix.values()) {
            long c = counted.get(kind);
            assertEquals(c, seen.getOrDefault(kind, 0L), kind + ": generator count and classified lines differ");
            double expected = shares.get(kind) * n;
            // five standard deviations of a binomial: fails by chance essentially never, catches a wrong mix
            double tolerance = 5 * Math.sqrt(expected * (1 - shares.get(kind))) + 1;
            assertEquals(expected, c, tolerance, kind.toString());
            assertTrue(c > 0, kind + " never happened");
        }
        assertEquals(n, counted.values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void emergencyCallsUseEveryFormAndRespectTheConfiguredRate() {
        AvayaSmdrGenerator g = new AvayaSmdrGenerator(99, MONDAY_MORNING, 0.05);
        Set<String> forms = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String[] f = fields(g.nextLine());
            if (CallMix.classify(f) == CallMix.EMERGENCY) {
                forms.add(f[6]);
                assertTrue(Set.of("911", "112", "999").contains(f[5]), "called number sent to the trunk: " + f[5]);
                assertTrue(f[13].startsWith("T"), "emergency calls go out on a trunk");
            }
        }
        assertEquals(new HashSet<>(DialPlan.EMERGENCY_FORMS), forms);
        assertTrue(forms.containsAll(Set.of("9911", "9-999", "9112")));

        AvayaSmdrGenerator none = new AvayaSmdrGenerator(99, MONDAY_MORNING, 0.0);
        none.batch(10_000);
        assertEquals(0L, none.counts().get(CallMix.EMERGENCY));
    }

    @Test
    void internationalCallsAreDialledWithTheTrunkDigitAndAnInternationalPrefix() {
        AvayaSmdrGenerator g = new AvayaSmdrGenerator(5, MONDAY_MORNING,
                Map.of(CallMix.INTERNATIONAL, 1.0));
        Set<String> prefixes = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            String[] f = fields(g.nextLine());
            assertEquals(CallMix.INTERNATIONAL, CallMix.classify(f));
            prefixes.add(f[6].startsWith("9011") ? "9011" : "900");
            assertEquals(f[6].substring(1), f[5], "the PBX sends the number without the trunk digit");
        }
        assertEquals(Set.of("9011", "900"), prefixes);
    }

    @Test
    void theSameSeedAndStartGiveTheSameBytesAndAnotherSeedDoesNot() {
        byte[] a = new AvayaSmdrGenerator(11, MONDAY_MORNING).batch(500);
        byte[] b = new AvayaSmdrGenerator(11, MONDAY_MORNING).batch(500);
        byte[] c = new AvayaSmdrGenerator(12, MONDAY_MORNING).batch(500);
        assertArrayEquals(a, b);
        assertFalse(java.util.Arrays.equals(a, c));

        AvayaSmdrGenerator split = new AvayaSmdrGenerator(11, MONDAY_MORNING);
        byte[] first = split.batch(200);
        byte[] second = split.batch(300);
        byte[] joined = new byte[first.length + second.length];
        System.arraycopy(first, 0, joined, 0, first.length);
        System.arraycopy(second, 0, joined, first.length, second.length);
        assertArrayEquals(a, joined, "batching does not change the stream");
    }
}
