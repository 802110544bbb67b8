package io.bufferhub.hub.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import io.bufferhub.common.Json;
import io.bufferhub.sim.push.HubClient;
import io.bufferhub.sim.push.HubClient.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * One real hub per test class on the database the subclass names, plus the assertions black-box tests share.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class HubTestBase {

    public static final String SECRET = "correct horse battery";
    private static final AtomicInteger DEVICES = new AtomicInteger();

    protected TestHub hub;
    protected HubClient client;

    protected abstract TestDatabases.Kind kind();

    /** Settings on top of the test defaults. */
    protected Map<String, String> settings() {
        return Map.of("bufferhub.rateLimit.burst", "10000", "bufferhub.rateLimit.perSecond", "10000");
    }

    @BeforeAll
    void startHub() throws Exception {
        hub = TestHub.start(kind(), settings());
        client = hub.client();
    }

    @AfterAll
    void stopHub() throws Exception {
        hub.close();
    }

    protected String newDevice() throws Exception {
        String serial = "T" + kind().name().charAt(0) + "-" + DEVICES.incrementAndGet();
        hub.register(serial, SECRET);
        return serial;
    }

    protected static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    protected static JsonNode json(Answer a) throws Exception {
        return Json.MAPPER.readTree(a.body());
    }

    /** A problem answer: status, problem+json with type/title/status, and a detail naming {@code field}. */
    protected static void assertProblem(Answer a, int status, String field) throws Exception {
        assertEquals(status, a.status(), a.body());
        assertEquals("application/problem+json", a.header("content-type"));
        JsonNode p = json(a);
        assertEquals(status, p.get("status").asInt());
        assertNotNull(p.get("type"));
        assertNotNull(p.get("title"));
        assertTrue(p.get("detail").asText().contains(field), "detail should name " + field + ": " + p);
    }

    protected long storedBatches(String serial) throws Exception {
        return hub.count("SELECT COUNT(*) FROM batch WHERE serial = ?", serial);
    }

    protected long storedRecords(String serial) throws Exception {
        return hub.count("SELECT COUNT(*) FROM batch_record WHERE serial = ?", serial);
    }

    /** A loopback port free right now, for a server a test starts (SMTP, SMPP, a broker, an agent's listener). */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected Answer admin(String method, String path, String body) throws Exception {
        return client.admin(TestHub.ADMIN_TOKEN, method, path, body);
    }
}
