package io.bufferhub.hub.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.Set;

import io.bufferhub.hub.support.TestDatabases;
import io.bufferhub.hub.support.TestHub;
import io.bufferhub.sim.push.HubClient;
import org.junit.jupiter.api.Test;

/** HTTPS by default: a self-signed certificate made on first start, kept, and pinnable by its fingerprint. */
class TlsPinningIT {

    @Test
    void selfSignedCertificateIsPinnableAndSurvivesRestart() throws Exception {
        String fingerprint;
        TestDatabases.Jdbc jdbc;
        java.nio.file.Path dataDir;
        try (TestHub hub = TestHub.start(TestDatabases.Kind.H2, Map.of("bufferhub.tls", "true"))) {
            assertTrue(hub.url().startsWith("https://"), hub.url());
            fingerprint = hub.fingerprint();
            assertTrue(fingerprint.matches("[0-9a-f]{64}"), fingerprint);
            hub.register("TLS-1", "tls secret");
            HubClient pinned = hub.client();
            assertEquals(201, pinned.push("TLS-1", "tls secret", 1, "over tls\r\n".getBytes(StandardCharsets.US_ASCII)).status());

            HubClient wrongPin = new HubClient(hub.url(), Set.of("00".repeat(32)));
            assertThrows(IOException.class, () -> wrongPin.push("TLS-1", "tls secret", 2, "x\n".getBytes(StandardCharsets.US_ASCII)));
            assertEquals(1, hub.count("SELECT COUNT(*) FROM batch WHERE serial = 'TLS-1'"));
            jdbc = hub.jdbc();
            dataDir = hub.dataDir();
            assertTrue(Files.exists(dataDir.resolve("tls/hub.p12")));
        }
        try (TestHub again = TestHub.start(jdbc, dataDir, Map.of("bufferhub.tls", "true"))) {
            assertEquals(fingerprint, again.fingerprint(), "the pinned identity stays across restarts");
            assertEquals(200, again.client().push("TLS-1", "tls secret", 1, "over tls\r\n".getBytes(StandardCharsets.US_ASCII)).status());
        }
    }
}
