package io.bufferhub.hub.updates;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.bufferhub.common.Problem;
import io.bufferhub.hub.store.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The update store on an in-memory H2 with the real migrations: targets, listeners after commit, reports. */
class UpdateStoreTest {

    private static final AtomicInteger DBS = new AtomicInteger();

    private Database db;
    private UpdateStore store;

    @BeforeEach
    void open() throws Exception {
        db = Database.open("jdbc:h2:mem:updates-" + DBS.incrementAndGet() + ";DB_CLOSE_DELAY=-1", "", "", 4, 1000);
        store = new UpdateStore(db);
        device("A", "g1");
        device("B", "g1");
        device("C", "g2");
    }

    @AfterEach
    void close() {
        db.close();
    }

    private void device(String serial, String group) throws Exception {
        db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO device (serial, group_name, secret_hash,"
                    + " created_at, updated_at) VALUES (?, ?, 'x', 0, 0)")) {
                ps.setString(1, serial);
                ps.setString(2, group);
                return ps.executeUpdate();
            }
        });
    }

    private static PublishRequest config(String serial, String group, String text) {
        return new PublishRequest(UpdateKind.CONFIG, "1", text.getBytes(StandardCharsets.UTF_8), null, serial, group);
    }

    @Test
    void listenersHearOfAPublishAfterItsCommit() throws Exception {
        List<Collection<String>> heard = new ArrayList<>();
        List<Integer> visible = new ArrayList<>();
        store.onPublished(serials -> {
            heard.add(serials);
            try {
                visible.add(store.pendingFor("A").size()); // another connection: sees it only if committed
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        store.onPublished(serials -> {
            throw new IllegalStateException("a broken listener does not undo the publish");
        });
        UpdateStore.Published p = store.publish(config(null, "g1", "a=1\n"));
        assertEquals(List.of("A", "B"), p.serials());
        assertEquals(List.of(List.of("A", "B")), heard);
        assertEquals(List.of(1), visible);
    }

    @Test
    void publishesOfAnotherNodeAreAnnouncedOnceByTheWatcher() throws Exception {
        UpdateStore otherNode = new UpdateStore(db); // a second hub on the same database
        List<Collection<String>> heard = new ArrayList<>();
        store.onPublished(heard::add);
        try (org.apache.camel.impl.DefaultCamelContext camel = new org.apache.camel.impl.DefaultCamelContext()) {
            PublishWatcher watcher = new PublishWatcher(camel, store, db, 500, 60_000);
            store.publish(config("C", null, "local\n"));
            otherNode.publish(config(null, "g1", "remote\n"));
            watcher.look();
            watcher.look();
            assertEquals(List.of(List.of("C"), List.of("A", "B")), heard, "local at commit, remote once");
            db.close();
            watcher.look(); // database gone: logged, retried next period, never thrown
        }
    }

    @Test
    void bindStartsTheWatcherWithTheContext() throws Exception {
        try (org.apache.camel.impl.DefaultCamelContext camel = new org.apache.camel.impl.DefaultCamelContext()) {
            UpdateStore bound = UpdateBeans.bind(camel, db, 60, 3540, null);
            assertTrue(camel.getRegistry().lookupByName("updateDevice") instanceof UpdateDevice);
            java.util.concurrent.CountDownLatch woke = new java.util.concurrent.CountDownLatch(1);
            bound.onPublished(serials -> woke.countDown());
            camel.start();
            new UpdateStore(db).publish(config("A", null, "from elsewhere\n"));
            assertTrue(woke.await(5, java.util.concurrent.TimeUnit.SECONDS), "announced within the watch period");
        }
    }

    @Test
    void groupIsResolvedAtPublishTime() throws Exception {
        store.publish(config(null, "g1", "a=1\n"));
        device("D", "g1");
        assertEquals(1, store.pendingFor("A").size());
        assertEquals(0, store.pendingFor("D").size());
        assertEquals(0, store.pendingFor("C").size());
    }

    @Test
    void unknownTargetsPublishNothing() throws Exception {
        Problem p = assertThrows(Problem.class, () -> store.publish(config("Z", null, "a")));
        assertEquals(400, p.status());
        assertTrue(p.detail().startsWith("target.serial"));
        assertEquals(400, assertThrows(Problem.class, () -> store.publish(config(null, "nobody", "a"))).status());
        assertEquals(0L, (long) db.withConnection(c -> {
            var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM update_item");
            rs.next();
            return rs.getLong(1);
        }));
    }

    @Test
    void payloadIsScopedToTheTargetDeviceAndReadInSlices() throws Exception {
        String id = store.publish(config("A", null, "0123456789")).id();
        UpdateStore.PayloadInfo info = store.payloadInfo("A", id).orElseThrow();
        assertEquals(10, info.size());
        assertEquals(UpdateKind.CONFIG, info.kind());
        assertTrue(store.payloadInfo("B", id).isEmpty());
        assertArrayEquals("3456".getBytes(StandardCharsets.UTF_8), store.payloadBytes(id, 3, 4));
        assertArrayEquals("0123456789".getBytes(StandardCharsets.UTF_8), store.payloadBytes(id, 0, 10));
        String diag = store.publish(new PublishRequest(UpdateKind.DIAGNOSTICS, "d", null, null, "A", null)).id();
        assertTrue(store.payloadInfo("A", diag).isEmpty(), "no payload to download");
    }

    @Test
    void reportsFollowTheStateRules() throws Exception {
        String id = store.publish(config("A", null, "a=1\n")).id();
        assertEquals(UpdateState.Outcome.CHANGE, store.report("A", id, UpdateState.DOWNLOADED, null));
        assertEquals(UpdateState.Outcome.REPEAT, store.report("A", id, UpdateState.DOWNLOADED, null));
        assertEquals(1, store.pendingFor("A").size());
        assertEquals(UpdateState.Outcome.CHANGE, store.report("A", id, UpdateState.APPLIED, "x".repeat(5000)));
        assertEquals(UpdateState.Outcome.REPEAT, store.report("A", id, UpdateState.APPLIED, "other"));
        assertEquals(0, store.pendingFor("A").size());
        Problem conflict = assertThrows(Problem.class, () -> store.report("A", id, UpdateState.FAILED, null));
        assertEquals(409, conflict.status());
        assertEquals(404, assertThrows(Problem.class, () -> store.report("B", id, UpdateState.APPLIED, null)).status());
        assertEquals(404,
                assertThrows(Problem.class, () -> store.report("A", "nope", UpdateState.APPLIED, null)).status());

        @SuppressWarnings("unchecked")
        Map<String, Object> device = ((List<Map<String, Object>>) store.view(id).orElseThrow().get("devices")).get(0);
        assertEquals("applied", device.get("state"));
        assertEquals(UpdateStore.MAX_DETAIL, ((String) device.get("detail")).length(), "long details are cut");
        assertFalse(store.view("nope").isPresent());
    }
}
