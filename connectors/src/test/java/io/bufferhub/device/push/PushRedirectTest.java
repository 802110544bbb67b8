package io.bufferhub.device.push;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.bufferhub.device.push.PushResult.Kind;
import io.bufferhub.device.push.TestHubServer.Reply;

/**
 * Redirection as the device sees it (PROTOCOL.md §6): the same POST with the same headers and body at
 * {@code Location}; a 307 target is used until 5 connection failures in a row or 24 hours, a 308 target until the
 * configuration changes (announced to the agent); more than 5 redirects in a row is a loop.
 */
class PushRedirectTest {

    /** A clock the test moves by hand, for the 24-hour limit. */
    static final class ManualClock extends Clock {
        volatile Instant now = Instant.now();

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final ManualClock clock = new ManualClock();
    private TestHubServer main;
    private TestHubServer other;
    private HubPusher pusher;

    private HubPusher pusher() {
        pusher = new HubPusher(PushOutcomeTest.settings(main.base()).withClock(clock));
        return pusher;
    }

    @AfterEach
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {pusher, main, other}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // already closed by the test
            }
        }
    }

    @Test
    void temporaryRedirectRepeatsTheRequestAndSticksForLaterPushes() throws Exception {
        other = TestHubServer.http(r -> Reply.stored(1));
        main = TestHubServer.http(r -> Reply.redirect(307, other.urlFor(r)));
        HubPusher p = pusher();
        assertEquals(Kind.STORED, p.push(PushOutcomeTest.batch(1)).kind());
        TestHubServer.Received first = main.received.get(0);
        TestHubServer.Received repeated = other.received.get(0);
        assertEquals("POST", repeated.method());
        assertArrayEquals(PushOutcomeTest.BODY, repeated.body());
        for (String h : List.of("Authorization", "Content-Digest", "Content-Type", "X-Device-Name")) {
            assertEquals(first.header(h), repeated.header(h), h);
        }
        assertEquals(other.base(), p.currentBase());
        assertEquals(Kind.STORED, p.push(PushOutcomeTest.batch(2)).kind());
        assertEquals(1, main.received.size(), "the second push goes straight to the redirected base");
        assertEquals("/bpp/v1/devices/S1/batches/2", other.received.get(1).path());
    }

    @Test
    void fiveConnectionFailuresInARowAtTheTemporaryBaseGoBackToMain() throws Exception {
        other = TestHubServer.http(r -> Reply.stored(1));
        main = TestHubServer.http(r -> Reply.redirect(307, other.urlFor(r)));
        HubPusher p = pusher();
        assertEquals(Kind.STORED, p.push(PushOutcomeTest.batch(1)).kind());
        other.close();
        main.handler(r -> Reply.stored(2));
        for (int i = 1; i <= 5; i++) {
            assertEquals(other.base(), p.currentBase(), "still redirected before failure " + i);
            PushResult r = p.push(PushOutcomeTest.batch(2));
            assertEquals(Kind.RETRY, r.kind());
            assertEquals(0, r.status());
        }
        assertEquals(main.base(), p.currentBase());
        assertEquals(Kind.STORED, p.push(PushOutcomeTest.batch(2)).kind());
        assertEquals(2, main.received.size());
    }

    @Test
    void temporaryRedirectEndsAfter24HoursAndWithARestart() throws Exception {
        other = TestHubServer.http(r -> Reply.stored(1));
        main = TestHubServer.http(r -> Reply.redirect(307, other.urlFor(r)));
        HubPusher p = pusher();
        p.push(PushOutcomeTest.batch(1));
        clock.now = clock.now.plus(Duration.ofHours(23));
        assertEquals(other.base(), p.currentBase());
        clock.now = clock.now.plus(Duration.ofHours(1));
        assertEquals(main.base(), p.currentBase());
        p.push(PushOutcomeTest.batch(2));
        assertEquals(other.base(), p.currentBase(), "main redirected again");
        try (HubPusher restarted = new HubPusher(PushOutcomeTest.settings(main.base()))) {
            assertEquals(main.base(), restarted.currentBase(), "a 307 is not kept across restarts");
        }
    }

    @Test
    void permanentRedirectSticksAndIsAnnouncedToTheAgent() throws Exception {
        other = TestHubServer.http(r -> Reply.stored(1));
        main = TestHubServer.http(r -> Reply.redirect(308, other.urlFor(r)));
        HubPusher p = pusher();
        List<String> announced = new CopyOnWriteArrayList<>();
        p.onPermanentRedirect(announced::add);
        assertEquals(Kind.STORED, p.push(PushOutcomeTest.batch(1)).kind());
        assertEquals(List.of(other.base()), announced);
        assertEquals(other.base(), p.currentBase());
        clock.now = clock.now.plus(Duration.ofDays(3));
        for (int i = 2; i <= 7; i++) { // neither time nor connection failures end a 308
            other.handler(r -> Reply.json(503, "{}"));
            p.push(PushOutcomeTest.batch(i));
        }
        assertEquals(other.base(), p.currentBase());
        assertEquals(1, main.received.size());
        assertEquals(List.of(other.base()), announced, "announced once");
    }

    @Test
    void moreThanFiveRedirectsInARowIsALoop() throws Exception {
        other = TestHubServer.http(r -> Reply.redirect(307, main.urlFor(r)));
        main = TestHubServer.http(r -> Reply.redirect(307, other.urlFor(r)));
        HubPusher p = pusher();
        PushResult r = p.push(PushOutcomeTest.batch(1));
        assertEquals(Kind.RETRY, r.kind());
        assertEquals(0, r.status());
        assertTrue(r.detail().contains("loop"), r.detail());
        assertEquals(6, main.received.size() + other.received.size(), "the first request and 5 redirects");
        assertEquals(main.base(), p.currentBase(), "nothing learnt from a loop");
        assertTrue(r.retryAfterMs() >= 0 && r.retryAfterMs() <= 1000);
    }

    @Test
    void relativeOrMissingLocationIsAnError() throws Exception {
        main = TestHubServer.http(r -> Reply.redirect(307, "/bpp/v1/devices/S1/batches/1"));
        HubPusher p = pusher();
        PushResult relative = p.push(PushOutcomeTest.batch(1));
        assertEquals(Kind.RETRY, relative.kind());
        assertTrue(relative.detail().contains("absolute"), relative.detail());
        main.handler(r -> Reply.redirect(308, null));
        PushResult missing = p.push(PushOutcomeTest.batch(1));
        assertEquals(Kind.RETRY, missing.kind());
        assertTrue(missing.detail().contains("without Location"), missing.detail());
        assertEquals(main.base(), p.currentBase());
    }

    @Test
    void redirectToAnotherResourceIsFollowedOnceWithoutMovingTheBase() throws Exception {
        other = TestHubServer.http(r -> Reply.stored(1));
        main = TestHubServer.http(r -> Reply.redirect(307, other.base() + "/elsewhere"));
        HubPusher p = pusher();
        assertEquals(Kind.STORED, p.push(PushOutcomeTest.batch(1)).kind());
        assertEquals("/bpp/v1/elsewhere", other.received.get(0).path());
        assertEquals(main.base(), p.currentBase());
        assertNull(p.connection().permanentBase());
    }
}
