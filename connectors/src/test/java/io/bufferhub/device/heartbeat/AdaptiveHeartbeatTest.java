package io.bufferhub.device.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every rule of the adaptive heartbeat (PROTOCOL.md §4), on a clock the test moves. */
class AdaptiveHeartbeatTest {

    /** A clock that only moves when told to. */
    static final class TestClock extends Clock {
        long now = 1_800_000_000_000L;

        void advance(Duration d) {
            now += d.toMillis();
        }

        @Override
        public long millis() {
            return now;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private final TestClock clock = new TestClock();

    private AdaptiveHeartbeat hb() {
        return new AdaptiveHeartbeat(480, 60, 60, 3540, clock);
    }

    private static void answered(AdaptiveHeartbeat hb, int times) {
        for (int i = 0; i < times; i++) {
            hb.onAnswered();
        }
    }

    @Test
    void startsAtTheConfiguredIntervalInsideTheBounds() {
        assertEquals(480, new AdaptiveHeartbeat().interval());
        assertEquals(480, hb().interval());
        assertEquals(3540, new AdaptiveHeartbeat(9999, 60, 60, 3540, clock).interval());
        assertEquals(60, new AdaptiveHeartbeat(5, 60, 60, 3540, clock).interval());
        assertThrows(IllegalArgumentException.class, () -> new AdaptiveHeartbeat(480, 0, 60, 3540, clock));
        assertThrows(IllegalArgumentException.class, () -> new AdaptiveHeartbeat(480, 60, 100, 90, clock));
    }

    @Test
    void threeSuccessesInARowRaiseByTheStep() {
        AdaptiveHeartbeat hb = hb();
        assertFalse(hb.onAnswered());
        assertFalse(hb.onAnswered());
        assertEquals(480, hb.interval());
        assertTrue(hb.onAnswered());
        assertEquals(540, hb.interval());
        assertEquals(0, hb.successes(), "the streak starts again at the new interval");
        answered(hb, 2);
        assertEquals(540, hb.interval());
        hb.onAnswered();
        assertEquals(600, hb.interval());
    }

    @Test
    void aTimeoutBreaksTheStreak() {
        AdaptiveHeartbeat hb = new AdaptiveHeartbeat(480, 60, 60, 3540, clock);
        answered(hb, 2);
        hb.onTimedOut(); // halves: the last change was not a raise
        assertEquals(240, hb.interval());
        answered(hb, 2);
        assertEquals(240, hb.interval());
        hb.onAnswered();
        assertEquals(300, hb.interval());
    }

    @Test
    void raisesStopAtTheMaximum() {
        AdaptiveHeartbeat hb = new AdaptiveHeartbeat(3500, 60, 60, 3540, clock);
        answered(hb, 3);
        assertEquals(3540, hb.interval(), "the step is cut at the maximum");
        answered(hb, 30);
        assertEquals(3540, hb.interval());
    }

    @Test
    void timeoutAfterARaiseGoesBackAndSetsACeilingFor24Hours() {
        AdaptiveHeartbeat hb = hb();
        answered(hb, 3);
        assertEquals(540, hb.interval());
        hb.onTimedOut();
        assertEquals(480, hb.interval(), "back to the previous interval, not halved");
        assertEquals(480, hb.ceiling());
        assertEquals(clock.millis() + Duration.ofHours(24).toMillis(), hb.ceilingUntilMs());
        answered(hb, 30);
        assertEquals(480, hb.interval(), "never above the ceiling while it lasts");
        clock.advance(Duration.ofHours(24).minusMillis(1));
        hb.onAnswered();
        assertEquals(480, hb.interval());
    }

    @Test
    void theCeilingLapsesAfter24Hours() {
        AdaptiveHeartbeat hb = hb();
        answered(hb, 3);
        hb.onTimedOut();
        answered(hb, 3); // the streak is earned under the ceiling
        clock.advance(Duration.ofHours(24));
        assertEquals(0, hb.ceiling());
        assertTrue(hb.onAnswered(), "the next success probes one step higher");
        assertEquals(540, hb.interval());
    }

    @Test
    void timeoutOtherwiseHalvesDownToTheMinimum() {
        AdaptiveHeartbeat hb = hb();
        hb.onTimedOut();
        assertEquals(240, hb.interval());
        hb.onTimedOut();
        assertEquals(120, hb.interval());
        hb.onTimedOut();
        assertEquals(60, hb.interval());
        hb.onTimedOut();
        assertEquals(60, hb.interval(), "never below the minimum");
        assertEquals(0, hb.ceiling(), "halving sets no ceiling");

        AdaptiveHeartbeat odd = new AdaptiveHeartbeat(480, 60, 100, 3540, clock);
        odd.onTimedOut();
        odd.onTimedOut();
        odd.onTimedOut();
        assertEquals(100, odd.interval());
    }

    @Test
    void aSecondTimeoutAfterGoingBackHalves() {
        AdaptiveHeartbeat hb = hb();
        answered(hb, 3);
        hb.onTimedOut();
        assertEquals(480, hb.interval());
        hb.onTimedOut(); // the network got worse: going back was not a raise
        assertEquals(240, hb.interval());
    }

    @Test
    void hubBoundsClampTheInterval() {
        AdaptiveHeartbeat hb = hb();
        assertTrue(hb.bounds(60, 300));
        assertEquals(300, hb.interval());
        assertFalse(hb.bounds(60, 300));
        assertTrue(hb.bounds(600, 900));
        assertEquals(600, hb.interval());
        answered(hb, 3);
        assertEquals(660, hb.interval());
        assertThrows(IllegalArgumentException.class, () -> hb.bounds(0, 10));
    }

    @Test
    void theLearnedStateSurvivesARestart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("state/heartbeat.properties");
        AdaptiveHeartbeat hb = hb();
        answered(hb, 3);
        hb.onTimedOut(); // 480 with a 24 h ceiling
        answered(hb, 3);
        hb.bounds(60, 3000);
        hb.save(file);
        assertTrue(Files.exists(file));
        assertFalse(Files.exists(dir.resolve("state/heartbeat.properties.tmp")), "no temp file left");

        AdaptiveHeartbeat again = hb();
        assertTrue(again.load(file));
        assertEquals(480, again.interval());
        assertEquals(480, again.ceiling());
        assertEquals(hb.ceilingUntilMs(), again.ceilingUntilMs());
        assertEquals(3000, again.max());
        assertEquals(0, again.successes(), "the streak is re-earned after a restart");

        // "last change was a raise" survives too: a timeout after the restart goes back, not halves
        AdaptiveHeartbeat raised = new AdaptiveHeartbeat(480, 60, 60, 3540, clock);
        answered(raised, 3);
        raised.save(file);
        AdaptiveHeartbeat restarted = new AdaptiveHeartbeat(480, 60, 60, 3540, clock);
        assertTrue(restarted.load(file));
        assertEquals(540, restarted.interval());
        restarted.onTimedOut();
        assertEquals(480, restarted.interval());
        assertEquals(480, restarted.ceiling());
    }

    @Test
    void aMissingDamagedOrForeignStateFileIsIgnored(@TempDir Path dir) throws Exception {
        AdaptiveHeartbeat hb = hb();
        assertFalse(hb.load(dir.resolve("none.properties")));
        Path damaged = dir.resolve("damaged.properties");
        Files.writeString(damaged, "start=480\ninterval=abc\n");
        assertFalse(hb.load(damaged));
        assertEquals(480, hb.interval());
        Path other = dir.resolve("other.properties");
        AdaptiveHeartbeat configured300 = new AdaptiveHeartbeat(300, 60, 60, 3540, clock);
        configured300.onTimedOut();
        configured300.save(other);
        assertFalse(hb.load(other), "learned from another configured interval: the operator's new value wins");
        assertEquals(480, hb.interval());
    }

    /**
     * A firewall that silently drops connections idle for more than {@code x} seconds: a ping with {@code H <= x}
     * is answered, a longer one times out after {@code H + 30 s}. Over a simulated week the interval converges to
     * the largest step ≤ x and stays there, with at most one failed probe a day once the ceiling lapses.
     */
    @ParameterizedTest
    @ValueSource(ints = {90, 250, 300, 400, 420, 1000, 3000, 5000})
    void convergesBehindAFirewallThatDropsIdleConnections(int x) {
        AdaptiveHeartbeat hb = hb();
        long start = clock.millis();
        long day = Duration.ofDays(1).toMillis();
        int settled = -1;
        long settledAt = 0;
        int[] timeoutsPerDay = new int[8];
        while (clock.millis() - start < 7 * day) {
            int h = hb.interval();
            if (h <= x) {
                clock.advance(Duration.ofSeconds(h));
                hb.onAnswered();
            } else {
                clock.advance(Duration.ofSeconds(h + 30L));
                hb.onTimedOut();
                if (settled < 0 && hb.ceiling() > 0) {
                    settled = hb.interval(); // the first raise that went too far
                    settledAt = clock.millis();
                } else if (settled > 0) {
                    timeoutsPerDay[(int) ((clock.millis() - settledAt) / day)]++;
                }
            }
            if (settled > 0) {
                int now = hb.interval();
                assertTrue(now == settled || now == settled + 60,
                        "x=" + x + ": interval " + now + " left the settled " + settled);
            }
        }
        if (x >= 3540) {
            assertEquals(-1, settled, "no timeout at all below the firewall's limit");
            assertEquals(3540, hb.interval());
            return;
        }
        assertTrue(settled > 0, "x=" + x + ": not settled within a week");
        assertTrue(settled <= x && settled + 60 > x, "x=" + x + ": settled at " + settled
                + ", not the largest step <= x");
        for (int n : timeoutsPerDay) {
            assertTrue(n <= 1, "x=" + x + ": " + Arrays.toString(timeoutsPerDay) + " timeouts per day");
        }
        assertTrue(clock.millis() - settledAt > day, "x=" + x + ": the ceiling was exercised past its 24 h");
    }
}
