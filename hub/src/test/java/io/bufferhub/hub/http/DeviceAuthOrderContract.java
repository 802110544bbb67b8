package io.bufferhub.hub.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import io.bufferhub.common.ContentDigest;
import io.bufferhub.hub.support.HubTestBase;
import io.bufferhub.hub.support.RawHttp;
import io.bufferhub.sim.push.HubClient;
import io.bufferhub.sim.push.HubClient.Answer;
import org.junit.jupiter.api.Test;

/**
 * PROTOCOL.md §1 and the §6 order "authentication, then the redirect, then everything else": whatever the path
 * serial looks like, no or wrong credentials are 401; only an authenticated device learns that its path serial is
 * malformed (400) or not its own (403). Nothing is stored for any of them.
 */
abstract class DeviceAuthOrderContract extends HubTestBase {

    /** Path serials that are not serials: a forbidden character, a space, 65 characters, a non-ASCII letter. */
    static final String[] MALFORMED = {"bad!serial", "bad%20serial", "S".repeat(65), "caf%C3%A9"};
    static final byte[] BODY = "x\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    Answer push(String pathSerial, String authorization) throws Exception {
        return client.send("POST", "/bpp/v1/devices/" + pathSerial + "/batches/1", authorization,
                Map.of("Content-Type", "text/plain", "Content-Digest", ContentDigest.headerFor(BODY)), BODY);
    }

    Answer checkIn(String pathSerial, String authorization) throws Exception {
        return client.send("GET", "/bpp/v1/devices/" + pathSerial + "/updates", authorization, Map.of(), null);
    }

    static void assert401(Answer a) throws Exception {
        assertProblem(a, 401, "Authorization");
        assertTrue(a.header("www-authenticate").startsWith("Basic"), a.headers().toString());
    }

    @Test
    void withoutValidCredentialsAMalformedPathSerialIs401() throws Exception {
        String serial = newDevice();
        String[] wrong = {null, HubClient.basic(serial, "not the secret"), HubClient.basic("NOBODY-" + serial, SECRET),
            HubClient.basic("bad!serial", SECRET), "Bearer " + serial};
        for (String path : MALFORMED) {
            for (String authorization : wrong) {
                assert401(push(path, authorization));
                assert401(checkIn(path, authorization));
            }
        }
        assertEquals(0, storedBatches(serial));
    }

    @Test
    void withValidCredentialsAMalformedPathSerialIs400NamingTheSerial() throws Exception {
        String serial = newDevice();
        for (String path : MALFORMED) {
            assertProblem(push(path, HubClient.basic(serial, SECRET)), 400, "serial");
            assertProblem(checkIn(path, HubClient.basic(serial, SECRET)), 400, "serial");
        }
        assertEquals(0, storedBatches(serial));
    }

    @Test
    void validCredentialsForAnotherWellFormedSerialAre403() throws Exception {
        String serial = newDevice();
        String other = newDevice();
        for (String path : new String[] {other, "NOT-REGISTERED-" + serial}) {
            assertProblem(push(path, HubClient.basic(serial, SECRET)), 403, "serial");
            assertProblem(checkIn(path, HubClient.basic(serial, SECRET)), 403, "serial");
        }
        assertEquals(0, storedBatches(serial) + storedBatches(other));
        assertEquals(201, push(serial, HubClient.basic(serial, SECRET)).status(), "its own path is served");
    }

    @Test
    void expectContinueOnAMalformedPathWithoutCredentialsGets401Not100() throws Exception {
        try (RawHttp raw = new RawHttp(hub.port())) {
            String head = raw.write("POST /bpp/v1/devices/bad!serial/batches/1 HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Type: text/plain\r\nContent-Length: " + BODY.length + "\r\nExpect: 100-continue\r\n"
                    + "Content-Digest: " + ContentDigest.headerFor(BODY) + "\r\n\r\n").readHead();
            assertEquals(401, RawHttp.status(head), head);
            assertTrue(head.toLowerCase(java.util.Locale.ROOT).contains("www-authenticate: basic"), head);
        }
    }
}
