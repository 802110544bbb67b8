package io.bufferhub.hub.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bufferhub.common.ContentDigest;
import io.bufferhub.hub.support.RawHttp;
import io.bufferhub.hub.support.HubTestBase;
import io.bufferhub.hub.support.TestDatabases;
import io.bufferhub.hub.support.TestHub;
import io.bufferhub.sim.push.HubClient;
import io.bufferhub.sim.push.HubClient.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * PROTOCOL.md §3 answer table and §1 authentication, black-box over real HTTP against a real hub and database.
 * Subclasses pick the database; every check runs on H2 and on PostgreSQL.
 */
abstract class BatchPushContract extends HubTestBase {

    static final long MAX_BODY = 64 * 1024;

    @Override
    protected Map<String, String> settings() {
        return Map.of("bufferhub.http.maxBodyBytes", Long.toString(MAX_BODY),
                "bufferhub.rateLimit.burst", "10000", "bufferhub.rateLimit.perSecond", "10000");
    }

    /** Every test ends with a good push on a fresh device: the hub keeps serving after whatever came before. */
    @AfterEach
    void hubStillServes() throws Exception {
        String serial = newDevice();
        assertEquals(201, client.push(serial, SECRET, 1, bytes("still serving\r\n")).status());
    }

    @Test
    void newBatchIsStoredWith201() throws Exception {
        String serial = newDevice();
        Answer a = client.push(serial, SECRET, 1, bytes("a,b\r\nc,d\r\n"));
        assertEquals(201, a.status(), a.body());
        assertEquals("application/json", a.header("content-type"));
        assertNotNull(a.header("date"));
        JsonNode j = json(a);
        assertEquals(serial, j.get("serial").asText());
        assertEquals(1, j.get("seq").asLong());
        assertEquals(2, j.get("records").asInt());
        assertEquals(false, j.get("duplicate").asBoolean());
        assertTrue(j.get("serverTime").asLong() > 0);
        assertEquals(1, storedBatches(serial));
        assertEquals(2, storedRecords(serial));
    }

    @Test
    void sameBatchAgainIs200DuplicateAndOneCopy() throws Exception {
        String serial = newDevice();
        byte[] body = bytes("one\r\ntwo\r\nthree\r\n");
        assertEquals(201, client.push(serial, SECRET, 7, body).status());
        Answer again = client.push(serial, SECRET, 7, body);
        assertEquals(200, again.status());
        assertTrue(json(again).get("duplicate").asBoolean());
        assertEquals(3, json(again).get("records").asInt());
        assertEquals(1, storedBatches(serial));
        assertEquals(3, storedRecords(serial));
    }

    @Test
    void sameSeqOtherBytesIs409AndOriginalKept() throws Exception {
        String serial = newDevice();
        assertEquals(201, client.push(serial, SECRET, 1, bytes("original\n")).status());
        assertProblem(client.push(serial, SECRET, 1, bytes("impostor\n")), 409, "seq");
        assertEquals(1, hub.count("SELECT COUNT(*) FROM batch_record WHERE serial = ? AND raw_line = 'original'", serial));
        assertEquals(1, storedRecords(serial));
    }

    @Test
    void recordsCountLinesBlankOnesAndUnterminatedLastLine() throws Exception {
        String serial = newDevice();
        assertEquals(3, json(client.push(serial, SECRET, 1, bytes("a\r\n\r\nb\r\n"))).get("records").asInt());
        assertEquals(3, json(client.push(serial, SECRET, 2, bytes("a\nb\nc"))).get("records").asInt());
        assertEquals(1, json(client.push(serial, SECRET, 3, bytes("\n"))).get("records").asInt());
        assertEquals(1, json(client.push(serial, SECRET, 4, bytes("no line end"))).get("records").asInt());
        assertEquals(1, hub.count("SELECT COUNT(*) FROM batch_record WHERE serial = ? AND seq = 1 AND line_no = 2"
                + " AND raw_line = ''", serial));
    }

    @Test
    void bytesAreKeptExactly() throws Exception {
        String serial = newDevice();
        byte[] body = new byte[256];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }
        assertEquals(201, client.push(serial, SECRET, 1, body, Map.of("Content-Type", "application/octet-stream")).status());
        JsonNode listed = json(admin("GET", "/admin/batches?serial=" + serial, null))
                .get("batches").get(0);
        assertEquals(ContentDigest.hex(ContentDigest.sha256(body)), listed.get("digest").asText());
        assertEquals(256, listed.get("bytes").asInt());
    }

    @Test
    void malformedSeqIs400() throws Exception {
        String serial = newDevice();
        for (String seq : new String[] {"0", "-1", "abc", "01", "9223372036854775808", "1.5"}) {
            Answer a = client.send("POST", "/bpp/v1/devices/" + serial + "/batches/" + seq, HubClient.basic(serial, SECRET),
                    Map.of("Content-Type", "text/plain", "Content-Digest", ContentDigest.headerFor(bytes("x\n"))),
                    bytes("x\n"));
            assertProblem(a, 400, "seq");
        }
        assertEquals(201, client.push(serial, SECRET, Long.MAX_VALUE, bytes("last seq\n")).status());
        assertEquals(1, storedBatches(serial));
    }

    @Test
    void malformedSerialInPathIs400OnceAuthenticated() throws Exception {
        String serial = newDevice();
        Answer a = client.send("POST", "/bpp/v1/devices/bad%21serial/batches/1", HubClient.basic(serial, SECRET),
                Map.of("Content-Digest", ContentDigest.headerFor(bytes("x\n"))), bytes("x\n"));
        assertProblem(a, 400, "serial");
        Answer anonymous = client.send("POST", "/bpp/v1/devices/bad%21serial/batches/1", HubClient.basic("bad!serial",
                SECRET), Map.of("Content-Digest", ContentDigest.headerFor(bytes("x\n"))), bytes("x\n"));
        assertProblem(anonymous, 401, "Authorization"); // §1 before the path (DeviceAuthOrderContract)
    }

    @Test
    void missingOrMalformedDigestIs400() throws Exception {
        String serial = newDevice();
        String path = "/bpp/v1/devices/" + serial + "/batches/1";
        String auth = HubClient.basic(serial, SECRET);
        assertProblem(client.send("POST", path, auth, Map.of("Content-Type", "text/plain"), bytes("x\n")),
                400, "Content-Digest");
        for (String bad : new String[] {"sha-256=abc", "sha-256=:not base64!:", "md5=:AAAA:", "sha-256=:AAAA:"}) {
            assertProblem(client.send("POST", path, auth, Map.of("Content-Type", "text/plain", "Content-Digest", bad),
                    bytes("x\n")), 400, "Content-Digest");
        }
        assertEquals(0, storedBatches(serial));
    }

    @Test
    void digestMismatchIs422AndNothingStored() throws Exception {
        String serial = newDevice();
        Answer a = client.send("POST", "/bpp/v1/devices/" + serial + "/batches/1", HubClient.basic(serial, SECRET),
                Map.of("Content-Type", "text/plain", "Content-Digest", ContentDigest.headerFor(bytes("full body\n"))),
                bytes("full bo"));
        assertProblem(a, 422, "Content-Digest");
        assertEquals(0, storedBatches(serial));
        assertEquals(0, storedRecords(serial));
        assertEquals(201, client.push(serial, SECRET, 1, bytes("full body\n")).status());
    }

    @Test
    void emptyBodyIs400() throws Exception {
        String serial = newDevice();
        assertProblem(client.push(serial, SECRET, 1, new byte[0]), 400, "body");
        assertEquals(0, storedBatches(serial));
    }

    @Test
    void unsupportedContentTypeIs415() throws Exception {
        String serial = newDevice();
        assertProblem(client.push(serial, SECRET, 1, bytes("x\n"), Map.of("Content-Type", "application/json")),
                415, "Content-Type");
        assertProblem(client.push(serial, SECRET, 1, bytes("x\n"), Map.of("Content-Type", "text/plain; charset=klingon")),
                415, "charset");
        assertEquals(201, client.push(serial, SECRET, 1, bytes("x\n"),
                Map.of("Content-Type", "text/plain; charset=utf-8")).status());
    }

    String head(String serial, long seq, String... extra) {
        StringBuilder sb = new StringBuilder("POST /bpp/v1/devices/" + serial + "/batches/" + seq + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\nAuthorization: " + HubClient.basic(serial, SECRET) + "\r\n"
                + "Content-Type: text/plain\r\n");
        for (String h : extra) {
            sb.append(h).append("\r\n");
        }
        return sb.append("\r\n").toString();
    }

    @Test
    void chunkedBodyOverLimitIs413WhileReadingAndNothingStored() throws Exception {
        String serial = newDevice();
        byte[] chunk = new byte[8192];
        java.util.Arrays.fill(chunk, (byte) 'x');
        try (RawHttp raw = new RawHttp(hub.port())) {
            raw.write(head(serial, 1, "Transfer-Encoding: chunked", "Content-Digest: " + ContentDigest.headerFor(chunk)));
            String answer = "";
            try {
                for (int i = 0; i < MAX_BODY / chunk.length + 4; i++) {
                    raw.write(Integer.toHexString(chunk.length) + "\r\n").write(chunk, chunk.length).write("\r\n");
                }
            } catch (java.io.IOException closedByHub) {
                // the hub answered and closed while the client was still sending: expected
            }
            answer = raw.readHead();
            assertEquals(413, RawHttp.status(answer), answer);
            assertTrue(answer.contains("application/problem+json"), answer);
        }
        assertEquals(0, storedBatches(serial));
    }

    @Test
    void declaredLengthOverLimitIs413BeforeTheBodyIsSent() throws Exception {
        String serial = newDevice();
        try (RawHttp raw = new RawHttp(hub.port())) {
            String answer = raw.write(head(serial, 1, "Content-Length: 100000000",
                    "Content-Digest: " + ContentDigest.headerFor(bytes("x")))).readHead();
            assertEquals(413, RawHttp.status(answer), answer);
        }
        assertEquals(0, storedBatches(serial));
    }

    @Test
    void neitherLengthNorChunkedIs411() throws Exception {
        String serial = newDevice();
        try (RawHttp raw = new RawHttp(hub.port())) {
            String answer = raw.write(head(serial, 1, "Content-Digest: " + ContentDigest.headerFor(bytes("x")))).readHead();
            assertEquals(411, RawHttp.status(answer), answer);
        }
        assertEquals(0, storedBatches(serial));
    }

    @Test
    void expectContinueGetsTheRefusalInsteadOf100() throws Exception {
        String serial = newDevice();
        byte[] body = bytes("expect me\r\n");
        try (RawHttp raw = new RawHttp(hub.port())) {
            String answer = raw.write(("POST /bpp/v1/devices/" + serial + "/batches/1 HTTP/1.1\r\nHost: x\r\n"
                    + "Authorization: " + HubClient.basic(serial, "wrong") + "\r\nContent-Type: text/plain\r\n"
                    + "Content-Length: " + body.length + "\r\nExpect: 100-continue\r\nContent-Digest: "
                    + ContentDigest.headerFor(body) + "\r\n\r\n")).readHead();
            assertEquals(401, RawHttp.status(answer), answer);
        }
        try (RawHttp raw = new RawHttp(hub.port())) {
            String cont = raw.write(head(serial, 1, "Content-Length: " + body.length, "Expect: 100-continue",
                    "Content-Digest: " + ContentDigest.headerFor(body))).readHead();
            assertEquals(100, RawHttp.status(cont), cont);
            String answer = raw.write(body, body.length).readHead();
            assertEquals(201, RawHttp.status(answer), answer);
        }
        assertEquals(1, storedBatches(serial));
    }

    @Test
    void headerFaultsAre400NamingTheHeader() throws Exception {
        String serial = newDevice();
        Map<String, String> bad = Map.of("X-Channel", "no spaces allowed", "X-Captured-From", "yesterday",
                "X-Captured-To", "2026-13-01T00:00:00Z", "X-Buffer-Used", "101", "X-Lost-Bytes", "-1");
        for (Map.Entry<String, String> e : bad.entrySet()) {
            assertProblem(client.push(serial, SECRET, 1, bytes("x\n"), Map.of(e.getKey(), e.getValue())), 400, e.getKey());
        }
        assertEquals(0, storedBatches(serial));
        Answer ok = client.push(serial, SECRET, 1, bytes("x\n"), Map.of("X-Channel", "aux", "X-Captured-From",
                "2026-11-21T08:00:00Z", "X-Captured-To", "2026-11-21T08:05:00+01:00", "X-Buffer-Used", "12.5",
                "X-Lost-Bytes", "0", "X-Device-Name", "Reception PBX"));
        assertEquals(201, ok.status(), ok.body());
        assertEquals(1, hub.count("SELECT COUNT(*) FROM batch_record WHERE serial = ? AND channel = 'aux'", serial));
    }

    @Test
    void aNinthChannelIs400() throws Exception {
        String serial = newDevice();
        for (int ch = 1; ch <= 8; ch++) {
            assertEquals(201, client.push(serial, SECRET, ch, bytes("x\n"), Map.of("X-Channel", "ch" + ch)).status());
        }
        assertProblem(client.push(serial, SECRET, 9, bytes("x\n"), Map.of("X-Channel", "ch9")), 400, "X-Channel");
        assertEquals(8, storedBatches(serial));
    }

    @Test
    void unknownSerialAndWrongSecretGetTheSame401() throws Exception {
        String serial = newDevice();
        Answer wrong = client.push(serial, "not the secret", 1, bytes("x\n"));
        Answer unknown = client.push("NOBODY-" + serial, SECRET, 1, bytes("x\n"));
        Answer none = client.send("POST", "/bpp/v1/devices/" + serial + "/batches/1", null,
                Map.of("Content-Digest", ContentDigest.headerFor(bytes("x\n"))), bytes("x\n"));
        for (Answer a : new Answer[] {wrong, unknown, none}) {
            assertProblem(a, 401, "Authorization");
            assertTrue(a.header("www-authenticate").startsWith("Basic"));
        }
        assertEquals(json(wrong).get("detail"), json(unknown).get("detail"));
        assertEquals(0, storedBatches(serial));
    }

    @Test
    void otherDevicesPathOrDisabledDeviceIs403() throws Exception {
        String a = newDevice();
        String b = newDevice();
        Answer cross = client.send("POST", "/bpp/v1/devices/" + b + "/batches/1", HubClient.basic(a, SECRET),
                Map.of("Content-Type", "text/plain", "Content-Digest", ContentDigest.headerFor(bytes("x\n"))),
                bytes("x\n"));
        assertProblem(cross, 403, "serial");
        assertEquals(0, storedBatches(b));
        assertEquals(200, admin("PUT", "/admin/devices/" + a, "{\"enabled\":false}").status());
        assertProblem(client.push(a, SECRET, 1, bytes("x\n")), 403, "disabled");
        assertEquals(0, storedBatches(a));
        assertEquals(200, admin("PUT", "/admin/devices/" + a, "{\"enabled\":true}").status());
        assertEquals(201, client.push(a, SECRET, 1, bytes("x\n")).status());
    }

    @Test
    void gapsOpenAndCloseAsSeqsArrive() throws Exception {
        String serial = newDevice();
        String path = "/admin/devices/" + serial;
        assertEquals(201, client.push(serial, SECRET, 3, bytes("3\n")).status());
        assertEquals("[{\"from\":1,\"to\":2}]", json(admin("GET", path, null)).get("gaps").toString());
        assertEquals(201, client.push(serial, SECRET, 7, bytes("7\n")).status());
        assertEquals("[{\"from\":1,\"to\":2},{\"from\":4,\"to\":6}]",
                json(admin("GET", path, null)).get("gaps").toString());
        assertEquals(201, client.push(serial, SECRET, 5, bytes("5\n")).status());
        assertEquals(201, client.push(serial, SECRET, 1, bytes("1\n")).status());
        assertEquals("[{\"from\":2,\"to\":2},{\"from\":4,\"to\":4},{\"from\":6,\"to\":6}]",
                json(admin("GET", path, null)).get("gaps").toString());
        for (long seq : new long[] {2, 4, 6}) {
            assertEquals(201, client.push(serial, SECRET, seq, bytes(seq + "\n")).status());
        }
        JsonNode view = json(admin("GET", path, null));
        assertEquals("[]", view.get("gaps").toString());
        assertEquals(7, view.get("lastSeq").asLong());
        assertTrue(hub.count("SELECT COUNT(*) FROM device_event WHERE serial = ? AND kind = 'batch-gap'", serial) >= 2);
    }
}
