package io.bufferhub.device.heartbeat;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;

/**
 * The device's heartbeat interval, learned from the network it lives behind (PROTOCOL.md §4). A pure state
 * machine: no I/O but {@link #save}/{@link #load}, time only from the injected clock, so every rule is unit-tested.
 *
 * <p>Why adaptive: a held ping is an idle TCP connection, and NAT gateways and firewalls forget idle flows after
 * some minutes. The longer the interval, the fewer wake-ups and bytes (this is what Direct-Push phones do); too
 * long and the answer is lost. The rules:
 * <ul>
 * <li>start at the configured interval (480 s by default);</li>
 * <li>after {@value #SUCCESSES_TO_RAISE} pings in a row answered in time at the current interval, raise it by the
 * step (60 s) up to the hub's maximum — and never above a ceiling learned in the last 24 hours;</li>
 * <li>a ping not answered within {@code H + 30 s}: when the last change was a raise, the raise went too far, so go
 * back to the previous interval and make it the ceiling for 24 hours (the device keeps the good value instead of
 * oscillating); otherwise the network got worse, so halve (not below the minimum).</li>
 * </ul>
 * After 24 hours the ceiling lapses and the device probes one step higher again: firewalls get reconfigured.
 *
 * <p>The learned part (interval, last change, ceiling) is persisted across restarts, so a device behind a
 * 5-minute firewall does not lose a ping to it at every power-up. The success streak is not persisted: a
 * restart just re-earns it. Thread-safe.
 */
public final class AdaptiveHeartbeat {

    public static final int DEFAULT_START = 480;
    public static final int DEFAULT_STEP = 60;
    public static final int DEFAULT_MIN = 60;
    public static final int DEFAULT_MAX = 3540;
    public static final int SUCCESSES_TO_RAISE = 3;
    public static final Duration CEILING_TTL = Duration.ofHours(24);

    private final int start;
    private final int step;
    private final Clock clock;
    private int min;
    private int max;
    private int interval;
    private int successes;
    private boolean lastChangeWasRaise;
    private int previous;
    private int ceiling;          // 0 = none
    private long ceilingUntilMs;

    /** The defaults of PROTOCOL.md §4 with the system clock. */
    public AdaptiveHeartbeat() {
        this(DEFAULT_START, DEFAULT_STEP, DEFAULT_MIN, DEFAULT_MAX, Clock.systemUTC());
    }

    /**
     * @param start the configured interval in seconds (clamped into {@code min … max})
     * @param step  the raise in seconds
     * @param min   the hub's minimum (its check-in {@code heartbeat.min}); updated later by {@link #bounds}
     * @param max   the hub's maximum
     */
    public AdaptiveHeartbeat(int start, int step, int min, int max, Clock clock) {
        if (step <= 0 || min <= 0 || max < min || start <= 0) {
            throw new IllegalArgumentException("heartbeat: need 0 < min <= max, start > 0 and step > 0, got start="
                    + start + " step=" + step + " min=" + min + " max=" + max);
        }
        this.start = start;
        this.step = step;
        this.min = min;
        this.max = max;
        this.clock = clock;
        this.interval = clamp(start);
    }

    /** The interval {@code H} (seconds) to put in the next ping. */
    public synchronized int interval() {
        return interval;
    }

    public synchronized int min() {
        return min;
    }

    public synchronized int max() {
        return max;
    }

    /** The ceiling learned from a failed raise while it lasts (seconds), else 0. */
    public synchronized int ceiling() {
        return activeCeiling();
    }

    /** When the current ceiling lapses (epoch ms), 0 without one. */
    public synchronized long ceilingUntilMs() {
        return activeCeiling() == 0 ? 0 : ceilingUntilMs;
    }

    /** Pings answered in time in a row at the current interval. */
    public synchronized int successes() {
        return successes;
    }

    /**
     * A ping was answered in time after being held for its interval: the idle connection survived {@code H}.
     * (An answer that comes early — {@code changed}, {@code superseded} — proves nothing about {@code H}; the
     * {@link HeartbeatClient} does not count it.)
     *
     * @return true when the interval changed (worth saving)
     */
    public synchronized boolean onAnswered() {
        if (successes < SUCCESSES_TO_RAISE) {
            successes++;
        }
        if (successes < SUCCESSES_TO_RAISE) {
            return false;
        }
        int limit = activeCeiling() == 0 ? max : Math.min(max, activeCeiling());
        int raised = Math.min(interval + step, limit);
        if (raised <= interval) {
            return false; // at the cap: keep the streak, so the raise comes as soon as the ceiling lapses
        }
        previous = interval;
        interval = raised;
        lastChangeWasRaise = true;
        successes = 0;
        return true;
    }

    /**
     * No answer within {@code H + 30 s}: something on the path dropped the idle connection.
     *
     * @return true (the learned state always changes)
     */
    public synchronized boolean onTimedOut() {
        successes = 0;
        if (lastChangeWasRaise) {
            interval = clamp(previous);
            ceiling = interval;
            ceilingUntilMs = clock.millis() + CEILING_TTL.toMillis();
        } else {
            interval = Math.max(min, interval / 2);
        }
        lastChangeWasRaise = false;
        return true;
    }

    /**
     * Adopts the hub's bounds (check-in {@code heartbeat {min,max}} or a {@code 400} with {@code minHeartbeat} and
     * {@code maxHeartbeat}); the interval is moved inside them.
     *
     * @return true when anything changed
     */
    public synchronized boolean bounds(int newMin, int newMax) {
        if (newMin <= 0 || newMax < newMin) {
            throw new IllegalArgumentException("heartbeat bounds: need 0 < min <= max, got " + newMin + " … " + newMax);
        }
        if (newMin == min && newMax == max) {
            return false;
        }
        min = newMin;
        max = newMax;
        int clamped = clamp(interval);
        if (clamped != interval) {
            interval = clamped;
            successes = 0;
            lastChangeWasRaise = false;
        }
        return true;
    }

    /** Writes the learned state to {@code file} atomically: temp file, fsync, rename, fsync of the directory. */
    public void save(Path file) throws IOException {
        Properties p = new Properties();
        synchronized (this) {
            p.setProperty("start", Integer.toString(start));
            p.setProperty("interval", Integer.toString(interval));
            p.setProperty("min", Integer.toString(min));
            p.setProperty("max", Integer.toString(max));
            p.setProperty("lastChangeWasRaise", Boolean.toString(lastChangeWasRaise));
            p.setProperty("previous", Integer.toString(previous));
            p.setProperty("ceiling", Integer.toString(activeCeiling()));
            p.setProperty("ceilingUntilMs", Long.toString(activeCeiling() == 0 ? 0 : ceilingUntilMs));
        }
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        try (FileOutputStream out = new FileOutputStream(tmp.toFile())) {
            p.store(out, "bufferhub adaptive heartbeat (PROTOCOL.md §4) - learned, do not edit");
            out.getFD().sync();
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Windows cannot open a directory; the rename is still atomic there
        }
    }

    /**
     * Restores what {@link #save} wrote. Nothing is restored (false) when the file is missing, unreadable, or was
     * learned from another configured start interval: an operator who configures a new interval means it.
     */
    public synchronized boolean load(Path file) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (NoSuchFileException e) {
            return false;
        }
        try {
            if (Integer.parseInt(p.getProperty("start", "-1")) != start) {
                return false;
            }
            int savedMin = Integer.parseInt(p.getProperty("min"));
            int savedMax = Integer.parseInt(p.getProperty("max"));
            int savedInterval = Integer.parseInt(p.getProperty("interval"));
            int savedPrevious = Integer.parseInt(p.getProperty("previous", "0"));
            int savedCeiling = Integer.parseInt(p.getProperty("ceiling", "0"));
            long savedUntil = Long.parseLong(p.getProperty("ceilingUntilMs", "0"));
            if (savedMin <= 0 || savedMax < savedMin || savedInterval <= 0) {
                return false;
            }
            min = savedMin;
            max = savedMax;
            interval = clamp(savedInterval);
            lastChangeWasRaise = Boolean.parseBoolean(p.getProperty("lastChangeWasRaise"));
            previous = savedPrevious;
            ceiling = Math.max(0, savedCeiling);
            ceilingUntilMs = savedUntil;
            successes = 0;
            return true;
        } catch (RuntimeException e) { // NumberFormatException, missing key: a damaged file is ignored
            return false;
        }
    }

    @Override
    public synchronized String toString() {
        return "AdaptiveHeartbeat[interval=" + interval + "s, successes=" + successes + ", lastChangeWasRaise="
                + lastChangeWasRaise + ", ceiling=" + activeCeiling() + "s, bounds=" + min + "…" + max + "s]";
    }

    private int activeCeiling() {
        if (ceiling != 0 && clock.millis() >= ceilingUntilMs) {
            ceiling = 0;
        }
        return ceiling;
    }

    private int clamp(int h) {
        return Math.max(min, Math.min(max, h));
    }
}
