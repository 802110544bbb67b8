package io.bufferhub.device.heartbeat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import io.bufferhub.common.Json;
import io.bufferhub.device.push.HubConnection;

/** Check-in, resumable downloads and status reports (PROTOCOL.md §5) against a real HTTP server. */
class UpdateClientTest {

    private FakeHub hub;
    private HubConnection connection;
    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        hub = new FakeHub();
        connection = new HubConnection(HeartbeatClientTest.settings(hub.base()));
    }

    @AfterEach
    void stop() {
        connection.close();
        hub.close();
    }

    private static byte[] payload(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    private UpdateItem item(Map<String, Object> published) throws IOException {
        return UpdateItem.from(Json.MAPPER.readTree(Json.write(published)));
    }

    @Test
    void checkInListsThePendingUpdatesAndTheHeartbeatBounds() throws Exception {
        hub.min = 60;
        hub.max = 3540;
        byte[] p = payload(100);
        hub.publish("fw1", "firmware", p, null);
        hub.publish("d1", "diagnostics", null, null);
        UpdateClient.CheckIn in = new UpdateClient(connection).checkIn();
        assertEquals(60, in.minHeartbeat());
        assertEquals(3540, in.maxHeartbeat());
        assertTrue(in.serverTime() > 0);
        UpdateItem fw = in.updates().stream().filter(u -> u.id().equals("fw1")).findFirst().orElseThrow();
        assertEquals("firmware", fw.kind());
        assertEquals(100, fw.size());
        assertEquals(FirmwareVerifier.sha256Hex(p), fw.sha256());
        assertEquals(FakeHub.BASE_PATH + "/updates/fw1/payload", fw.href());
        UpdateItem diag = in.updates().stream().filter(u -> u.id().equals("d1")).findFirst().orElseThrow();
        assertFalse(diag.hasPayload());
    }

    @Test
    void aSmallPayloadComesInOneRequestAndIsVerified() throws Exception {
        byte[] p = payload(5000);
        UpdateItem it = item(hub.publish("c1", "config", p, null));
        Path target = new UpdateClient(connection).download(it, dir.resolve("dl/c1.bin"));
        assertArrayEquals(p, Files.readAllBytes(target));
        assertEquals(1, hub.payloadRequests.size());
        assertEquals("null", hub.payloadRequests.get(0).get("range"), "nothing to resume: no Range");
        assertFalse(Files.exists(dir.resolve("dl/c1.bin.part")));
        // already there: no second request
        new UpdateClient(connection).download(it, target);
        assertEquals(1, hub.payloadRequests.size());
    }

    @Test
    void anExistingPartialFileIsResumedWithRangeAndIfRange() throws Exception {
        byte[] p = payload(5000);
        UpdateItem it = item(hub.publish("c2", "config", p, null));
        Path target = dir.resolve("c2.bin");
        Files.write(dir.resolve("c2.bin.part"), Arrays.copyOf(p, 1234));
        new UpdateClient(connection).download(it, target);
        assertArrayEquals(p, Files.readAllBytes(target));
        assertEquals(List.of(Map.of("range", "bytes=1234-", "if-range", "\"" + it.sha256() + "\"")),
                hub.payloadRequests);
    }

    @Test
    void aDownloadCutMidBodyResumesWhereItStopped() throws Exception {
        byte[] p = payload(5000);
        UpdateItem it = item(hub.publish("fw2", "firmware", p, null));
        Path target = dir.resolve("fw2.bin");
        UpdateClient client = new UpdateClient(connection, 1000);
        hub.cutRequest = 3; // chunks 0-999, 1000-1999 arrive; the third is cut after 300 bytes
        hub.cutAfter = 300;
        assertThrows(IOException.class, () -> client.download(it, target));
        assertEquals(2000, Files.size(dir.resolve("fw2.bin.part")), "whole chunks kept, the cut one not");
        assertFalse(Files.exists(target));
        int before = hub.payloadRequests.size();
        client.download(it, target);
        assertArrayEquals(p, Files.readAllBytes(target));
        assertEquals("bytes=2000-2999", hub.payloadRequests.get(before).get("range"));
        assertEquals("\"" + it.sha256() + "\"", hub.payloadRequests.get(before).get("if-range"));
        assertEquals("bytes=4000-", hub.payloadRequests.get(hub.payloadRequests.size() - 1).get("range"));
    }

    @Test
    void aHubWithoutRangesSends200AndTheDownloadStartsOver() throws Exception {
        hub.rangeSupport = false;
        byte[] p = payload(3000);
        UpdateItem it = item(hub.publish("c3", "config", p, null));
        Files.write(dir.resolve("c3.bin.part"), new byte[] {1, 2, 3});
        Path target = new UpdateClient(connection, 1000).download(it, dir.resolve("c3.bin"));
        assertArrayEquals(p, Files.readAllBytes(target));
        assertEquals(1, hub.payloadRequests.size());
    }

    @Test
    void aStalePartialFileIsThrownAwayWhenTheResultDoesNotVerify() throws Exception {
        byte[] p = payload(4000);
        UpdateItem it = item(hub.publish("c4", "config", p, null));
        Files.write(dir.resolve("c4.bin.part"), payload(1500)); // from some other payload
        Path target = new UpdateClient(connection).download(it, dir.resolve("c4.bin"));
        assertArrayEquals(p, Files.readAllBytes(target));
        assertEquals(List.of("bytes=1500-", "null"), hub.payloadRequests.stream().map(m -> m.get("range")).toList());
    }

    @Test
    void aPayloadThatDoesNotMatchItsSha256IsRefused() throws Exception {
        byte[] p = payload(2000);
        UpdateItem it = item(hub.publish("c5", "config", p, "0".repeat(64)));
        UpdateClient.PayloadException e = assertThrows(UpdateClient.PayloadException.class,
                () -> new UpdateClient(connection).download(it, dir.resolve("c5.bin")));
        assertTrue(e.getMessage().contains("sha256"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("c5.bin")));
        assertFalse(Files.exists(dir.resolve("c5.bin.part")));
    }

    @Test
    void aMissingPayloadIsAPayloadException() throws Exception {
        UpdateItem it = item(hub.publish("c6", "config", payload(10), null));
        hub.payloads.remove("c6");
        assertThrows(UpdateClient.PayloadException.class,
                () -> new UpdateClient(connection).download(it, dir.resolve("c6.bin")));
    }

    @Test
    void statusReportsAreIdempotentAndAConflictMeansAlreadyFinal() throws Exception {
        hub.publish("c7", "config", payload(10), null);
        UpdateClient c = new UpdateClient(connection);
        assertTrue(c.report("c7", "downloaded", null));
        assertTrue(c.report("c7", "applied", "config reloaded"));
        assertTrue(c.report("c7", "applied", "config reloaded"), "repeating a state is harmless");
        assertFalse(c.report("c7", "failed", "late"), "409: already final, nothing more to report");
        assertEquals(List.of("c7:downloaded", "c7:applied", "c7:applied", "c7:failed"), hub.reports);
        assertTrue(c.checkIn().updates().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> c.report("c7", "done", null));
        assertThrows(IllegalArgumentException.class, () -> c.report("../x", "applied", null));
    }

    @Test
    void itemsFromTheWireAreChecked() throws Exception {
        JsonNode bad = Json.MAPPER.readTree("{\"id\":\"a/b\",\"kind\":\"config\"}");
        assertThrows(IllegalArgumentException.class, () -> UpdateItem.from(bad));
        JsonNode badHash = Json.MAPPER.readTree("{\"id\":\"a\",\"kind\":\"config\",\"sha256\":\"xyz\"}");
        assertThrows(IllegalArgumentException.class, () -> UpdateItem.from(badHash));
        UpdateItem future = UpdateItem.from(Json.MAPPER.readTree("{\"id\":\"7\",\"kind\":\"new-kind\",\"x\":1}"));
        assertEquals("new-kind", future.kind());
        assertEquals(1, future.json().get("x").asInt());
    }
}
