package io.bufferhub.device.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.bufferhub.common.ContentDigest;
import io.bufferhub.device.heartbeat.UpdateClient;
import io.bufferhub.device.heartbeat.UpdateItem;
import io.bufferhub.device.push.HubConnection;
import io.bufferhub.device.push.PushSettings;
import io.bufferhub.device.spool.Spool;
import io.bufferhub.device.spool.SpoolSettings;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A {@code command} update as the agent applies it: the payload downloaded, parsed in any of its forms, run. */
class UpdateApplierCommandTest {

    @TempDir
    Path dir;
    private final Map<String, byte[]> payloads = new ConcurrentHashMap<>();
    private HttpServer hub;
    private HubConnection connection;
    private Spool spool;
    private DefaultCamelContext camel;
    private UpdateApplier applier;

    @BeforeEach
    void start() throws Exception {
        hub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hub.createContext("/", this::serve);
        hub.start();
        String base = "http://127.0.0.1:" + hub.getAddress().getPort() + "/bpp/v1";
        Map<String, String> p = Map.of("device.serial", "S1", "device.secret", "x", "device.mainUrl", base,
                "capture.main.tcp", "listen:9000", "spool.dir", dir.resolve("spool").toString());
        AgentSettings s = AgentSettings.from(p::get, p.keySet());
        connection = new HubConnection(PushSettings.of("S1", "x", null, base, Set.of()));
        spool = Spool.open(s.spoolDir(), SpoolSettings.defaults());
        camel = new DefaultCamelContext();
        applier = new UpdateApplier(camel, "agent", s, connection, new UpdateClient(connection), spool,
                dir.resolve("work"), null);
    }

    @AfterEach
    void stop() throws Exception {
        camel.close();
        spool.close();
        connection.close();
        hub.stop(0);
    }

    private void serve(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String id = path.replaceAll(".*/updates/([^/]+)/payload$", "$1");
            byte[] body = payloads.get(id);
            if (body == null) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private UpdateApplier.Outcome command(String id, String payload) throws Exception {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        payloads.put(id, bytes);
        String sha = ContentDigest.hex(ContentDigest.sha256(bytes));
        return applier.apply(new UpdateItem(id, "command", "1", "/bpp/v1/devices/S1/updates/" + id + "/payload",
                bytes.length, sha, null, 0, null));
    }

    @Test
    void theBareWordAndTheJsonStringRunLikeTheObject() throws Exception {
        for (String form : new String[] {"{\"command\":\"flush\"}", "\"flush\"", "  flush\r\n"}) {
            spool.append("main", "a line\n".getBytes(StandardCharsets.US_ASCII), System.currentTimeMillis());
            int before = spool.pending().size();
            UpdateApplier.Outcome o = command("u-" + before, form);
            assertEquals("applied", o.state(), form + ": " + o.detail());
            assertEquals(before + 1, spool.pending().size(), form + ": the open batch was sealed");
        }
        assertEquals("applied", command("u-restart", "restart").state());
    }

    @Test
    void anythingElseIsRejectedSayingWhy() throws Exception {
        UpdateApplier.Outcome unknown = command("u1", "{\"command\":\"dance\"}");
        assertEquals("rejected", unknown.state());
        assertEquals("unknown command 'dance' (known: flush, resync-time, restart)", unknown.detail());
        UpdateApplier.Outcome malformed = command("u2", "{\"command\":");
        assertEquals("rejected", malformed.state(), malformed.detail());
        assertTrue(malformed.detail().startsWith("command is not valid JSON"), malformed.detail());
        assertEquals("rejected", command("u3", "RESTART").state());
    }
}
