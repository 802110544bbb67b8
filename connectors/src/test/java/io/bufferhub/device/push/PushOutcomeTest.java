package io.bufferhub.device.push;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.bufferhub.common.ContentDigest;
import io.bufferhub.device.push.PushResult.Kind;
import io.bufferhub.device.push.TestHubServer.Reply;

/**
 * What each hub answer means for the batch (PROTOCOL.md §3 table) and what goes on the wire: the device deletes
 * only after 201/200, quarantines on 409/413/415/422 and keeps everything else for a later retry.
 */
class PushOutcomeTest {

    static final byte[] BODY = "line one\r\nline two\n\u00ff\u0000end".getBytes(StandardCharsets.ISO_8859_1);
    private TestHubServer hub;
    private HubPusher pusher;

    static PushSettings settings(String base) {
        return PushSettings.of("S1", "s3cret", "Front desk", base, Set.of()).withTimeouts(2000, 5000);
    }

    static OutgoingBatch batch(long seq) {
        return new OutgoingBatch(seq, null, BODY, null, null, null, null);
    }

    private PushResult pushAgainst(Reply reply) throws Exception {
        hub = TestHubServer.http(r -> reply);
        pusher = new HubPusher(settings(hub.base()));
        return pusher.push(batch(1));
    }

    @AfterEach
    void stop() {
        if (pusher != null) {
            pusher.close();
        }
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void createdAndDuplicateBothMeanStored() throws Exception {
        PushResult r = pushAgainst(Reply.stored(1));
        assertEquals(Kind.STORED, r.kind());
        assertEquals(201, r.status());
        assertEquals(2, r.records());
        assertFalse(r.duplicate());
        hub.handler(x -> Reply.json(200, "{\"records\":2,\"duplicate\":true,\"serverTime\":1}"));
        PushResult again = pusher.push(batch(1));
        assertEquals(Kind.STORED, again.kind());
        assertTrue(again.duplicate());
    }

    @ParameterizedTest
    @ValueSource(ints = {409, 413, 415, 422})
    void refusalsOfTheBatchMeanQuarantine(int status) throws Exception {
        PushResult r = pushAgainst(Reply.json(status, "{\"type\":\"t\",\"title\":\"x\",\"status\":" + status
                + ",\"detail\":\"Content-Digest: does not match\"}"));
        assertEquals(Kind.QUARANTINE, r.kind());
        assertEquals(status, r.status());
        assertEquals("Content-Digest: does not match", r.detail());
    }

    @Test
    void busyHubIsWaitedForAsLongAsRetryAfterSays() throws Exception {
        PushResult r = pushAgainst(new Reply(503, Map.of("Retry-After", "7"), ""));
        assertEquals(Kind.RETRY, r.kind());
        assertEquals(503, r.status());
        assertEquals(7000, r.retryAfterMs());
        String in30s = DateTimeFormatter.RFC_1123_DATE_TIME.format(OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(30));
        hub.handler(x -> new Reply(429, Map.of("Retry-After", in30s), ""));
        PushResult dated = pusher.push(batch(1));
        assertEquals(429, dated.status());
        assertTrue(dated.retryAfterMs() > 25_000 && dated.retryAfterMs() <= 31_000, "" + dated.retryAfterMs());
    }

    @Test
    void serverErrorsBackOffExponentiallyWithinTheCap() throws Exception {
        hub = TestHubServer.http(r -> Reply.json(500, "{\"detail\":\"boom\"}"));
        PushSettings s = new PushSettings("S1", "s3cret", null, hub.base(), Set.of(), 2000, 5000, 4000,
                java.time.Clock.systemUTC());
        // the largest jitter shows the ceiling: 1 s doubling per failure, capped
        pusher = new HubPusher(new HubConnection(s), new Backoff(4000, () -> 0.9999999));
        long[] expected = {1000, 2000, 4000, 4000};
        for (long ceiling : expected) {
            PushResult r = pusher.push(batch(1));
            assertEquals(Kind.RETRY, r.kind());
            assertEquals(500, r.status());
            assertEquals("boom", r.detail());
            assertTrue(r.retryAfterMs() >= ceiling - 1 && r.retryAfterMs() <= ceiling, r.retryAfterMs() + " vs " + ceiling);
        }
        hub.handler(x -> Reply.stored(1));
        assertEquals(Kind.STORED, pusher.push(batch(1)).kind());
        assertEquals(0, pusher.consecutiveFailures());
        hub.handler(x -> Reply.json(401, "{\"detail\":\"Authorization: unknown device\"}"));
        PushResult afterReset = pusher.push(batch(1));
        assertEquals(Kind.RETRY, afterReset.kind()); // credentials may be fixed by a config update
        assertTrue(afterReset.retryAfterMs() <= 1000);
    }

    @Test
    void realJitterStaysBetweenHalfTheCeilingAndTheCeiling() {
        Backoff b = new Backoff(300_000);
        for (int n = 1; n <= 20; n++) {
            long d = b.nextDelayMs();
            assertTrue(d >= b.ceilingMs(n) / 2 && d <= b.ceilingMs(n), n + ": " + d);
        }
        assertEquals(300_000, b.ceilingMs(20));
    }

    @Test
    void captureTimesAreStampedWithTheClockOffsetOfTheLatestExchange() throws Exception {
        PushRedirectTest.ManualClock clock = new PushRedirectTest.ManualClock(); // stands still: offsets are exact
        clock.now = Instant.parse("2024-03-01T10:00:00Z");
        long device = clock.now.toEpochMilli();
        AtomicLong serverTime = new AtomicLong(device + 90_000);
        hub = TestHubServer.http(r -> Reply.json(201, "{\"records\":1,\"duplicate\":false,\"serverTime\":"
                + serverTime.get() + "}"));
        pusher = new HubPusher(settings(hub.base()).withClock(clock));
        long from = device - 60_000;
        for (long seq = 1; seq <= 3; seq++) {
            if (seq == 3) {
                serverTime.set(device - 5_000); // the hub's clock as the second answer tells it: now behind
            }
            assertEquals(Kind.STORED, pusher.push(new OutgoingBatch(seq, null, BODY, from, from + 1000, null, null))
                    .kind());
        }
        long[] offsets = {0, 90_000, 90_000}; // none known before the first answer; then the latest exchange's
        for (int i = 0; i < 3; i++) {
            TestHubServer.Received got = hub.received.get(i);
            assertEquals(from + offsets[i], epochMs(got.header("X-Captured-From")), "batch " + (i + 1));
            assertEquals(from + 1000 + offsets[i], epochMs(got.header("X-Captured-To")), "batch " + (i + 1));
        }
        assertEquals(-5_000, pusher.clockOffsetMs());
        pusher.push(new OutgoingBatch(4, null, BODY, from, from + 1000, null, null));
        assertEquals(from - 5_000, epochMs(hub.received.get(3).header("X-Captured-From")));
    }

    private static long epochMs(String rfc3339) {
        return OffsetDateTime.parse(rfc3339).toInstant().toEpochMilli();
    }

    @Test
    void noHubMeansRetryWithoutStatus() throws Exception {
        hub = TestHubServer.http(r -> Reply.stored(1));
        String base = hub.base();
        hub.close();
        pusher = new HubPusher(settings(base));
        PushResult r = pusher.push(batch(1));
        assertEquals(Kind.RETRY, r.kind());
        assertEquals(0, r.status());
        assertNotNull(r.detail());
        hub = null;
    }

    @Test
    void headersDigestAndBytesGoOutAsCaptured() throws Exception {
        long serverAhead = 3_600_000;
        hub = TestHubServer.http(r -> Reply.json(201, "{\"records\":3,\"duplicate\":false,\"serverTime\":"
                + (System.currentTimeMillis() + serverAhead) + "}"));
        pusher = new HubPusher(settings(hub.base()));
        long from = Instant.parse("2024-03-01T10:00:00.250Z").toEpochMilli();
        PushResult r = pusher.push(new OutgoingBatch(42, "pbx-2", BODY, from, from + 60_000, 17L, 63));
        assertEquals(Kind.STORED, r.kind());
        TestHubServer.Received got = hub.received.get(0);
        assertEquals("POST", got.method());
        assertEquals("/bpp/v1/devices/S1/batches/42", got.path());
        assertArrayEquals(BODY, got.body());
        assertEquals("Basic " + Base64.getEncoder().encodeToString("S1:s3cret".getBytes(StandardCharsets.UTF_8)),
                got.header("Authorization"));
        assertEquals("application/octet-stream", got.header("Content-Type"));
        assertArrayEquals(ContentDigest.sha256(got.body()), ContentDigest.parseSha256(got.header("Content-Digest")));
        assertEquals("pbx-2", got.header("X-Channel"));
        assertEquals(from, OffsetDateTime.parse(got.header("X-Captured-From")).toInstant().toEpochMilli());
        assertEquals(from + 60_000, OffsetDateTime.parse(got.header("X-Captured-To")).toInstant().toEpochMilli());
        assertEquals("17", got.header("X-Lost-Bytes"));
        assertEquals("63", got.header("X-Buffer-Used"));
        assertEquals("Front desk", got.header("X-Device-Name"));
        assertEquals("100-continue", got.header("Expect").toLowerCase());
        assertEquals(String.valueOf(BODY.length), got.header("Content-Length"));
        assertTrue(Math.abs(pusher.clockOffsetMs() - serverAhead) < 2000, "offset " + pusher.clockOffsetMs());
    }
}
