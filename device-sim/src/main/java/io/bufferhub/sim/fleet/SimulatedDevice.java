package io.bufferhub.sim.fleet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentSkipListMap;

import io.bufferhub.common.ContentDigest;
import io.bufferhub.common.Json;
import io.bufferhub.hub.store.LineSplitter;
import io.bufferhub.sim.push.CutPush;
import io.bufferhub.sim.push.HubClient;

/**
 * One simulated device pushing its buffer (PROTOCOL.md §3): seqs from 1 up, a batch kept until the hub
 * answers 201 or 200, then the next. Each {@link #step()} makes one attempt and says when to make the next,
 * so a small thread pool can drive many devices. Faults are injected on purpose: a cut connection before a
 * batch's proper push, and re-sends of an acknowledged batch that must come back {@code 200 duplicate:true}.
 *
 * <p>Steps of one device never overlap (the fleet schedules the next one only after this one returns).
 */
final class SimulatedDevice {

    /** Answers after which the device moves the batch aside and goes on (PROTOCOL.md §3). */
    private static final Set<Integer> QUARANTINE = Set.of(409, 413, 415, 422);

    final String serial;
    final String secret;
    private final FleetSettings settings;
    private final HubClient client;
    private final BatchSource source;
    private final FleetCounters counters;
    private final Backoff backoff;
    private final SplittableRandom rnd;
    private final Map<String, String> headers;
    private final NavigableMap<Long, String> acknowledged = new ConcurrentSkipListMap<>();

    private long seq = 1;
    private byte[] pending;
    private long pendingSince;
    private int failures;
    private boolean cutPlanned;
    private byte[] lastAckedBody;
    private long lastAckedSeq;

    SimulatedDevice(int index, String secret, FleetSettings settings, HubClient client, FleetCounters counters) {
        this.serial = settings.serial(index);
        this.secret = secret;
        this.settings = settings;
        this.client = client;
        this.source = settings.source(index);
        this.counters = counters;
        this.backoff = new Backoff(settings.backoffInitialMs(), settings.backoffCapMs());
        this.rnd = new SplittableRandom(settings.seed() * 31 + index);
        this.headers = Map.of("X-Device-Name", name(index));
    }

    static String name(int index) {
        return String.format("Sim PBX %04d", index + 1);
    }

    /** Acknowledged batches so far: seq → lowercase hex SHA-256 of the bytes. */
    NavigableMap<Long, String> acknowledged() {
        return Collections.unmodifiableNavigableMap(acknowledged);
    }

    /** Milliseconds before the first step: spread over one interval so the fleet does not push in lockstep. */
    long firstDelayMs() {
        return settings.intervalMs() == 0 ? 0 : rnd.nextLong(settings.intervalMs());
    }

    /** One attempt; returns the milliseconds to wait before the next step. */
    long step() throws InterruptedException {
        if (pending == null) {
            pending = source.next();
            pendingSince = System.nanoTime();
            failures = 0;
            cutPlanned = rnd.nextDouble() < settings.cutRate();
        }
        if (cutPlanned) {
            cutPlanned = false;
            cut();
        }
        long started = System.nanoTime();
        HubClient.Answer a;
        try {
            a = client.push(serial, secret, seq, pending, headers);
        } catch (IOException e) {
            counters.error(serial + " seq " + seq + ": " + e);
            return retryIn(-1);
        }
        settings.listener().answered(serial, seq, a.status(), System.nanoTime() - started);
        if (a.status() == 201 || a.status() == 200) {
            acknowledge(a);
            maybeResendAcknowledged();
            return Math.max(0, settings.intervalMs() - (System.nanoTime() - pendingSince) / 1_000_000);
        }
        counters.error(serial + " seq " + seq + ": HTTP " + a.status() + " " + abbreviate(a.body()));
        if (QUARANTINE.contains(a.status())) {
            counters.quarantined.increment();
            pending = null;
            seq++;
            return settings.intervalMs();
        }
        return retryIn(Backoff.retryAfterMs(a.header("Retry-After"), System.currentTimeMillis()));
    }

    private long retryIn(long retryAfterMs) {
        failures++;
        counters.retries.increment();
        return backoff.delayMs(failures, retryAfterMs, rnd);
    }

    private void acknowledge(HubClient.Answer a) {
        (a.status() == 201 ? counters.created : counters.duplicates).increment();
        int lines = LineSplitter.count(pending);
        Object records = field(a, "records");
        if (!(records instanceof Number n) || n.intValue() != lines) {
            counters.error(serial + " seq " + seq + ": hub counted " + records + " records, sent " + lines);
        }
        if (acknowledged.putIfAbsent(seq, ContentDigest.hex(ContentDigest.sha256(pending))) == null) {
            counters.acknowledged.increment();
            counters.lines.add(lines);
        }
        lastAckedBody = pending;
        lastAckedSeq = seq;
        pending = null;
        seq++;
    }

    /** The deliberate duplicate: the last acknowledged batch again, which the hub must not store twice. */
    private void maybeResendAcknowledged() throws InterruptedException {
        if (lastAckedBody == null || !(rnd.nextDouble() < settings.duplicateRate())) {
            return;
        }
        try {
            HubClient.Answer a = client.push(serial, secret, lastAckedSeq, lastAckedBody, headers);
            if (a.status() == 200 && Boolean.TRUE.equals(field(a, "duplicate"))) {
                counters.duplicates.increment();
            } else {
                counters.error(serial + " duplicate of seq " + lastAckedSeq + ": HTTP " + a.status() + " "
                        + abbreviate(a.body()));
            }
        } catch (IOException e) {
            counters.error(serial + " duplicate of seq " + lastAckedSeq + ": " + e);
        }
    }

    /** The deliberate cut: part of the pending batch on a connection that then drops; nothing may be stored. */
    private void cut() {
        try {
            CutPush.cut(client.baseUrl(), settings.pins(), serial, secret, seq, pending, rnd.nextInt(pending.length));
            counters.cuts.increment();
        } catch (IOException e) {
            counters.error(serial + " cut of seq " + seq + ": " + e);
        }
    }

    /** A field of a JSON answer; null when absent or when the body is not a JSON object. */
    private static Object field(HubClient.Answer a, String name) {
        try {
            return Json.readObject(a.body().getBytes(StandardCharsets.UTF_8)).get(name);
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    private static String abbreviate(String s) {
        String oneLine = s == null ? "" : s.replaceAll("\\s+", " ");
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "…" : oneLine;
    }
}
