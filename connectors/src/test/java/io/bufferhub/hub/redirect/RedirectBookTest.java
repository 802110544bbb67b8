package io.bufferhub.hub.redirect;

import static io.bufferhub.hub.redirect.RuleSyntaxTest.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.concurrent.atomic.AtomicInteger;

import io.bufferhub.hub.store.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared list on an in-memory H2 with the real migrations: in force at once on the node that took the change,
 * on another node after its next version check, start-up file precedence, and refusals that keep the old list.
 */
class RedirectBookTest {

    private static final AtomicInteger DBS = new AtomicInteger();
    private static final String TO_A = "{\"rules\":[{\"match\":{},\"to\":\"https://a.example.com/bpp/v1\"}]}";
    private static final String TO_B = "{\"rules\":[{\"match\":{},\"to\":\"https://b.example.com/bpp/v1\"}]}";

    @TempDir
    Path dir;
    private Database db;
    private RedirectStore store;

    @BeforeEach
    void open() {
        db = Database.open("jdbc:h2:mem:redirects-" + DBS.incrementAndGet() + ";DB_CLOSE_DELAY=-1", "", "", 4, 1000);
        store = new RedirectStore(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private RedirectBook book(Path file) {
        RedirectBook book = new RedirectBook(store, 50);
        book.load(file);
        return book;
    }

    @Test
    void aChangeIsInForceAtOnceHereAndAfterTheNextCheckElsewhere() throws Exception {
        RedirectBook here = book(null);
        RedirectBook there = book(null);
        assertNull(here.decide("S1", null, null));
        here.replace(parse(TO_A));
        assertEquals("https://a.example.com/bpp/v1", here.decide("S1", null, null).base());
        assertNull(there.decide("S1", null, null), "not checked yet");
        there.poll();
        assertEquals("https://a.example.com/bpp/v1", there.decide("S1", null, null).base());
        assertEquals(1, store.version());
    }

    @Test
    void theRunningCheckPicksUpAChangeWithinASecond() throws Exception {
        RedirectBook here = book(null);
        RedirectBook there = book(null);
        there.start();
        try {
            here.replace(parse(TO_B));
            long deadline = System.nanoTime() + 1_000_000_000L;
            while (there.decide("S1", null, null) == null && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals("https://b.example.com/bpp/v1", there.decide("S1", null, null).base());
        } finally {
            there.stop();
        }
    }

    @Test
    void anOlderVersionNeverReplacesANewerOne() throws Exception {
        RedirectBook book = book(null);
        book.replace(parse(TO_A));
        book.replace(parse(TO_B));
        book.poll();
        assertEquals("https://b.example.com/bpp/v1", book.current().toJson().get(0).get("to"));
        assertEquals(2, store.version());
    }

    @Test
    void aStoredListThisHubCannotReadKeepsTheOldOne() throws Exception {
        RedirectBook book = book(null);
        book.replace(parse(TO_A));
        db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE redirect_rules SET version = version + 1, rules = '[{\"match\":{},\"warp\":1}]'")) {
                return ps.executeUpdate();
            }
        });
        book.poll();
        assertEquals("https://a.example.com/bpp/v1", book.decide("S1", null, null).base());
    }

    @Test
    void theStartUpFileReplacesTheStoredList() throws Exception {
        RedirectBook before = book(null);
        before.replace(parse(TO_A));
        Path file = Files.writeString(dir.resolve("redirects.json"), TO_B.replace("/bpp/v1\"", "/bpp/v1/\""));
        RedirectBook started = book(file);
        assertEquals("https://b.example.com/bpp/v1", started.decide("S1", null, null).base());
        assertEquals(2, store.version());
        book(file);
        assertEquals(2, store.version(), "the same file again changes nothing");
    }

    @Test
    void anInvalidOrMissingFileStopsTheStartNamingFileAndFault() throws Exception {
        Path file = Files.writeString(dir.resolve("redirects.json"),
                "{\"rules\":[{\"match\":{},\"pool\":[\"https://a.example.com/bpp/v1\"],\"spread\":\"weighted\"}]}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> book(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("rules[0].weights"), e.getMessage());
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"rules\": [");
        e = assertThrows(IllegalArgumentException.class, () -> book(broken));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> book(dir.resolve("missing.json")));
        assertTrue(e.getMessage().contains("missing.json"), e.getMessage());
        assertEquals(0, store.version(), "nothing was stored");
    }
}
