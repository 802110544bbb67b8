package io.bufferhub.device.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.bufferhub.device.push.PushResult.Kind;
import io.bufferhub.device.push.TestHubServer.Reply;

/**
 * PROTOCOL.md §6 across restarts: a 308 base is kept on disk with a fingerprint of the settings it was learned
 * under and used again at start while they are unchanged; a 307 base is never kept.
 */
class PermanentRedirectStoreTest {

    private static final String PIN = "ab".repeat(32);

    @TempDir
    Path dir;
    private TestHubServer main;
    private TestHubServer other;

    @AfterEach
    void stop() {
        for (TestHubServer s : new TestHubServer[] {main, other}) {
            if (s != null) {
                s.close();
            }
        }
    }

    private Path file() {
        return dir.resolve("agent").resolve(PermanentRedirectStore.FILE);
    }

    private static PushSettings settings(String mainUrl) {
        return PushSettings.of("S1", "s3cret", null, mainUrl, Set.of(PIN));
    }

    @Test
    void keepsTheBaseForTheSameSettingsOnly() throws Exception {
        PushSettings s = settings("https://hub.example.com/bpp/v1");
        new PermanentRedirectStore(file(), s).save("https://h2.example.com/bpp/v1");
        assertTrue(Files.exists(file()));
        assertFalse(Files.exists(file().resolveSibling(PermanentRedirectStore.FILE + ".tmp")), "temp file renamed");
        assertEquals("https://h2.example.com/bpp/v1", new PermanentRedirectStore(file(), s).load());
        assertEquals("https://h2.example.com/bpp/v1", new PermanentRedirectStore(file(),
                settings("https://hub.example.com/bpp/v1/").withTimeouts(1000, 2000)).load(),
                "the same place to connect to: a trailing slash or other timeouts change nothing");

        assertNull(new PermanentRedirectStore(file(), settings("https://hub2.example.com/bpp/v1")).load(),
                "another main URL");
        assertFalse(Files.exists(file()), "discarded, so it cannot come back when the old URL returns");
        assertNull(new PermanentRedirectStore(file(), s).load());
    }

    @Test
    void otherPinsOrSerialAlsoEndIt() {
        PushSettings s = settings("https://hub.example.com/bpp/v1");
        new PermanentRedirectStore(file(), s).save("https://h2.example.com/bpp/v1");
        assertNull(new PermanentRedirectStore(file(), s.withPins(Set.of(PIN, "cd".repeat(32)))).load());
        new PermanentRedirectStore(file(), s).save("https://h2.example.com/bpp/v1");
        assertNull(new PermanentRedirectStore(file(), PushSettings.of("S2", "s3cret", null,
                "https://hub.example.com/bpp/v1", Set.of(PIN))).load());
    }

    @Test
    void aRedirectBackToMainOrAnUnreadableFileLeavesNothing() throws Exception {
        PushSettings s = settings("https://hub.example.com/bpp/v1");
        PermanentRedirectStore store = new PermanentRedirectStore(file(), s);
        store.save("https://h2.example.com/bpp/v1");
        store.save("https://hub.example.com/bpp/v1");
        assertFalse(Files.exists(file()));
        Files.createDirectories(file().getParent());
        Files.writeString(file(), "base = not a url\nsettings = " + PermanentRedirectStore.fingerprint(s) + "\n",
                StandardCharsets.UTF_8);
        assertNull(store.load());
        assertFalse(Files.exists(file()));
        Files.writeString(file(), "base = \\uZZZZ\n", StandardCharsets.UTF_8);
        assertNull(store.load(), "a malformed properties file");
    }

    @Test
    void aRestartKeepsThe308BaseUntilTheMainUrlChanges() throws Exception {
        other = TestHubServer.http(r -> Reply.stored(1));
        main = TestHubServer.http(r -> Reply.redirect(308, other.urlFor(r)));
        try (HubPusher first = attached(main.base())) {
            assertEquals(Kind.STORED, first.push(PushOutcomeTest.batch(1)).kind());
            assertEquals(other.base(), first.currentBase());
        }
        try (HubPusher restarted = attached(main.base())) {
            assertEquals(other.base(), restarted.currentBase(), "the 308 base outlives the restart");
            assertEquals(Kind.STORED, restarted.push(PushOutcomeTest.batch(2)).kind());
            assertEquals(1, main.received.size(), "straight to the kept base");
            assertEquals("/bpp/v1/devices/S1/batches/2", other.received.get(1).path());
        }
        try (TestHubServer moved = TestHubServer.http(r -> Reply.stored(3));
             HubPusher reconfigured = attached(moved.base())) {
            assertEquals(moved.base(), reconfigured.currentBase(), "new settings: the configured main URL again");
            assertEquals(Kind.STORED, reconfigured.push(PushOutcomeTest.batch(3)).kind());
            assertEquals(1, moved.received.size());
        }
        try (HubPusher back = attached(main.base())) {
            assertEquals(main.base(), back.currentBase(), "the old settings do not bring the discarded base back");
        }
    }

    @Test
    void aTemporaryRedirectIsNeverKept() throws Exception {
        other = TestHubServer.http(r -> Reply.stored(1));
        main = TestHubServer.http(r -> Reply.redirect(307, other.urlFor(r)));
        try (HubPusher first = attached(main.base())) {
            assertEquals(Kind.STORED, first.push(PushOutcomeTest.batch(1)).kind());
            assertEquals(other.base(), first.currentBase());
        }
        assertFalse(Files.exists(file()));
        try (HubPusher restarted = attached(main.base())) {
            assertEquals(main.base(), restarted.currentBase(), "a restart ends a 307");
        }
    }

    private HubPusher attached(String mainUrl) {
        HubConnection c = new HubConnection(PushOutcomeTest.settings(mainUrl));
        new PermanentRedirectStore(file(), c.settings()).attach(c);
        return new HubPusher(c);
    }
}
