package io.bufferhub.device.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.bufferhub.device.push.PushResult.Kind;
import io.bufferhub.device.push.TestHubServer.Reply;

/**
 * Server pinning (PROTOCOL.md §8) over real TLS with self-signed certificates: a pinned certificate is accepted
 * whatever certificate authorities say, anything else is refused in the handshake — redirect targets included —
 * so not one byte of the request (credentials, batch) reaches an unpinned server, and the refused fingerprint
 * is reported for an operator to approve.
 */
class PushPinningTest {

    @TempDir
    Path dir;
    private TestHubServer main;
    private TestHubServer other;
    private HubPusher pusher;

    private HubPusher pusher(Set<String> pins) {
        pusher = new HubPusher(PushOutcomeTest.settings(main.base()).withPins(pins));
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
                // closing anyway
            }
        }
    }

    @Test
    void pinnedSelfSignedCertificateIsAccepted() throws Exception {
        main = TestHubServer.https(dir.resolve("a"), r -> Reply.stored(1));
        HubPusher p = pusher(Set.of(main.fingerprint.toUpperCase()));
        PushResult r = p.push(PushOutcomeTest.batch(1));
        assertEquals(Kind.STORED, r.kind(), r.detail());
        assertEquals(1, main.received.size());
        assertNull(p.lastRefusedFingerprint());
        assertEquals(Kind.STORED, p.push(PushOutcomeTest.batch(2)).kind(), "and again on the kept connection");
    }

    @Test
    void wrongPinIsRefusedAndTheFingerprintReported() throws Exception {
        main = TestHubServer.https(dir.resolve("a"), r -> Reply.stored(1));
        HubPusher p = pusher(Set.of("00".repeat(32)));
        PushResult r = p.push(PushOutcomeTest.batch(1));
        assertEquals(Kind.RETRY, r.kind());
        assertEquals(0, r.status());
        assertTrue(r.detail().contains(main.fingerprint), r.detail());
        assertEquals(main.fingerprint, p.lastRefusedFingerprint());
        assertEquals(0, main.received.size());
    }

    @Test
    void withoutPinsASelfSignedCertificateFailsOrdinaryTrust() throws Exception {
        main = TestHubServer.https(dir.resolve("a"), r -> Reply.stored(1));
        PushResult r = pusher(Set.of()).push(PushOutcomeTest.batch(1));
        assertEquals(Kind.RETRY, r.kind());
        assertEquals(0, main.received.size());
    }

    @Test
    void redirectToAnUnpinnedServerIsRefusedBeforeAnythingIsSent() throws Exception {
        other = TestHubServer.https(dir.resolve("b"), r -> Reply.stored(1));
        main = TestHubServer.https(dir.resolve("a"), r -> Reply.redirect(307, other.urlFor(r)));
        HubPusher p = pusher(Set.of(main.fingerprint));
        PushResult r = p.push(PushOutcomeTest.batch(1));
        assertEquals(Kind.RETRY, r.kind());
        assertEquals(1, main.received.size());
        assertEquals(0, other.received.size(), "nothing reaches the unpinned server");
        assertEquals(other.fingerprint, p.lastRefusedFingerprint());
    }

    @Test
    void redirectToAPinnedServerWorks() throws Exception {
        other = TestHubServer.https(dir.resolve("b"), r -> Reply.stored(1));
        main = TestHubServer.https(dir.resolve("a"), r -> Reply.redirect(308, other.urlFor(r)));
        HubPusher p = pusher(Set.of(main.fingerprint, other.fingerprint));
        assertEquals(Kind.STORED, p.push(PushOutcomeTest.batch(1)).kind());
        assertEquals(other.base(), p.currentBase());
    }

    @Test
    void redirectFromHttpsToPlainHttpIsRefused() throws Exception {
        other = TestHubServer.http(r -> Reply.stored(1));
        main = TestHubServer.https(dir.resolve("a"), r -> Reply.redirect(307, other.urlFor(r)));
        PushResult r = pusher(Set.of(main.fingerprint)).push(PushOutcomeTest.batch(1));
        assertEquals(Kind.RETRY, r.kind());
        assertTrue(r.detail().contains("plain http"), r.detail());
        assertEquals(0, other.received.size());
    }
}
