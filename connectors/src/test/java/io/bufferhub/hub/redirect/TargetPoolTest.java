package io.bufferhub.hub.redirect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** How a pool spreads requests: round-robin, sticky hash, weighted (PROTOCOL.md §6). */
class TargetPoolTest {

    private static final String A = "https://a.example.com/bpp/v1";
    private static final String B = "https://b.example.com/bpp/v1";
    private static final String C = "https://c.example.com/bpp/v1";
    private static final String D = "https://d.example.com/bpp/v1";

    @Test
    void roundRobinTakesEachTargetInTurnPerRequest() {
        TargetPool pool = new TargetPool(List.of(A, B, C), Spread.ROUND_ROBIN, null);
        List<String> picks = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            picks.add(pool.pick("SAME-DEVICE"));
        }
        assertEquals(List.of(A, B, C, A, B, C, A), picks, "per request, even for one device");
    }

    @Test
    void aSingleTargetIsAlwaysIt() {
        TargetPool pool = new TargetPool(List.of(A), Spread.HASH, null);
        assertEquals(A, pool.pick("X"));
        assertEquals(A, pool.pick("Y"));
    }

    @Test
    void hashIsStickyPerSerialAndTheSameOnEveryNode() {
        TargetPool node1 = new TargetPool(List.of(A, B, C), Spread.HASH, null);
        TargetPool node2 = new TargetPool(List.of(C, A, B), Spread.HASH, null); // another node, even reordered
        for (int i = 0; i < 1000; i++) {
            String serial = "ACME-" + i;
            String first = node1.pick(serial);
            assertEquals(first, node1.pick(serial), "sticky");
            assertEquals(first, node2.pick(serial), "the same on another node and after a restart");
        }
    }

    @Test
    void hashDependsOnNothingButSerialAndTargets() {
        // golden values (SHA-256 of "serial\ntarget", first 8 bytes): a change here would move devices between
        // servers after an upgrade
        assertEquals(0xd3ebc9070e5cf601L, TargetPool.score("ACME-0001", A));
        TargetPool pool = new TargetPool(List.of(A, B, C), Spread.HASH, null);
        StringBuilder picks = new StringBuilder();
        for (int i = 1; i <= 8; i++) {
            picks.append(pool.pick("ACME-000" + i).charAt(8));
        }
        assertEquals("bbbbaaaa", picks.toString());
    }

    @Test
    void hashSpreadsEvenlyAndAddingATargetMovesOnlyItsShare() {
        TargetPool three = new TargetPool(List.of(A, B, C), Spread.HASH, null);
        TargetPool four = new TargetPool(List.of(A, B, C, D), Spread.HASH, null);
        Map<String, Integer> counts = new HashMap<>();
        int moved = 0;
        int n = 30_000;
        for (int i = 0; i < n; i++) {
            String serial = "DEV-" + i;
            String before = three.pick(serial);
            String after = four.pick(serial);
            counts.merge(before, 1, Integer::sum);
            if (!before.equals(after)) {
                moved++;
                assertEquals(D, after, "a device only ever moves to the new target");
            }
        }
        for (String t : List.of(A, B, C)) {
            assertTrue(Math.abs(counts.get(t) - n / 3) < n / 30, t + " got " + counts.get(t));
        }
        assertTrue(Math.abs(moved - n / 4) < n / 30, "about a quarter moves: " + moved);
    }

    @Test
    void weightedGivesExactSharesInterleaved() {
        TargetPool pool = new TargetPool(List.of(A, B), Spread.WEIGHTED, new int[] {3, 1});
        List<String> cycle = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            cycle.add(pool.pick("X"));
        }
        assertEquals(List.of(A, A, B, A), cycle, "smooth: B is not left to the end of the cycle");
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 4000; i++) {
            counts.merge(pool.pick("X"), 1, Integer::sum);
        }
        assertEquals(3000, counts.get(A));
        assertEquals(1000, counts.get(B));
    }

    @Test
    void weightedProportionsHoldForUnevenWeights() {
        TargetPool pool = new TargetPool(List.of(A, B, C), Spread.WEIGHTED, new int[] {5, 2, 1});
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 8 * 125; i++) {
            counts.merge(pool.pick("ANY-" + i), 1, Integer::sum);
        }
        assertEquals(Map.of(A, 625, B, 250, C, 125), counts);
    }
}
