package io.bufferhub.device.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import javax.tools.ToolProvider;

import com.fasterxml.jackson.databind.JsonNode;
import io.bufferhub.common.Json;
import io.bufferhub.device.support.Agent;
import io.bufferhub.hub.support.TestDatabases;
import org.junit.jupiter.api.Test;

/**
 * PROTOCOL.md §5 under the supervisor, as {@code bin/bufferhub device} runs the agent: new settings and new
 * firmware are installed, the agent restarts into them and reports {@code applied} once the new one checks in;
 * settings or firmware that never check in are rolled back by the supervisor after the (test-short) probation
 * and reported {@code failed}; device scripts survive a restart.
 */
class SupervisedUpdatesIT extends AgentTestBase {

    private static final Set<String> FINAL = Set.of("applied", "failed", "rejected");

    @Override
    protected TestDatabases.Kind kind() {
        return TestDatabases.Kind.H2;
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of("bufferhub.ping.minHeartbeat", "1", "bufferhub.ping.maxHeartbeat", "30",
                "bufferhub.rateLimit.perSecond", "0");
    }

    @Test
    void settingsFirmwareAndScriptsAreInstalledConfirmedOrRolledBack() throws Exception {
        String serial = newDevice();
        Path dir = Files.createTempDirectory("e2e-supervised-");
        KeyPair trusted = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        int capturePort = freePort();
        Map<String, String> s = agentSettings(serial, dir, hub.url());
        s.put("capture.main.tcp", "listen:" + capturePort);
        s.put("heartbeat.start", "25");
        s.put("updates.trustedKeys", Base64.getEncoder().encodeToString(trusted.getPublic().getEncoded()));
        s.put("updates.rollbackAfterMs", "8000");
        Path log = dir.resolve("agent.log");
        try (Agent agent = Agent.configure(dir, s).startSupervised(log)) {
            awaitPinging(serial);

            // new settings: applied after the restart, the device secret carried over from the old file
            StringBuilder renamed = new StringBuilder();
            s.forEach((k, v) -> renamed.append(k.equals("device.secret") ? "" : k + " = "
                    + (k.equals("device.name") ? "Renamed by update" : v.replace("\\", "\\\\")) + "\n"));
            JsonNode config = awaitFinal(publish(serial, "config", renamed.toString().getBytes(StandardCharsets.UTF_8),
                    null), 60_000, log);
            assertEquals("applied", config.get("state").asText(), config.toString());
            String file = Files.readString(agent.configFile());
            assertTrue(file.contains("Renamed by update") && file.contains("device.secret"), file);
            awaitListening(capturePort);
            try (Socket pbx = new Socket("127.0.0.1", capturePort); OutputStream out = pbx.getOutputStream()) {
                out.write("2026/11/21 10:27:44,00:00:44,4,4688,O,4207,4207,,1,1000013898,0,E4688,Joe,E4207,Ann,0,0\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                awaitDevice(serial, "reportedName", "Renamed by update");
            }

            // settings that cannot reach the hub: rolled back after the probation, reported failed
            String unreachable = renamed.toString().replace(hub.url(), "http://127.0.0.1:" + freePort());
            JsonNode lost = awaitFinal(publish(serial, "config", unreachable.getBytes(StandardCharsets.UTF_8), null),
                    90_000, log);
            assertEquals("failed", lost.get("state").asText(), lost.toString());
            assertTrue(lost.get("detail").asText().contains("rolled back"), lost.toString());
            assertTrue(Files.readString(agent.configFile()).contains(hub.url()), "previous settings restored");

            // firmware that works: its version is the one that checks in
            byte[] good = firmwarePackage(Map.of("agent-version.jar", versionJar("9.9.9-test")));
            JsonNode installed = awaitFinal(publish(serial, "firmware", good, sign(trusted, good)), 60_000, log);
            assertEquals("applied", installed.get("state").asText(), installed.toString());
            assertTrue(installed.get("detail").asText().contains("9.9.9-test"), installed.toString());

            // firmware whose agent never starts: the supervisor puts 9.9.9-test back
            byte[] broken = firmwarePackage(Map.of("agent-version.jar", versionJar("10.0.0-broken"),
                    "broken-main.jar", neverStartingMain(dir)));
            JsonNode rolledBack = awaitFinal(publish(serial, "firmware", broken, sign(trusted, broken)), 90_000, log);
            assertEquals("failed", rolledBack.get("state").asText(), rolledBack.toString());
            assertTrue(rolledBack.get("detail").asText().contains("rolled back"), rolledBack.toString());
            Path current = dir.resolve("spool-agent/firmware/current");
            assertTrue(Files.exists(current.resolve("agent-version.jar")));
            assertFalse(Files.exists(current.resolve("broken-main.jar")), "the broken package is gone");

            // scripts survive a restart; the bundle shows the running version and routes
            String script = "- route:\n    id: script-tick\n    description: a device script\n    from:\n"
                    + "      uri: timer:script\n      parameters:\n        period: 1000\n      steps:\n"
                    + "        - log: \"script tick\"\n";
            assertEquals("applied", awaitFinal(publish(serial, "routes", script.getBytes(StandardCharsets.UTF_8), null),
                    30_000, log).get("state").asText());
            assertEquals("applied", awaitFinal(publish(serial, "command",
                    "{\"command\":\"restart\"}".getBytes(StandardCharsets.UTF_8), null), 30_000, log).get("state").asText());
            String diagnostics = publish(serial, "diagnostics", null, null);
            assertEquals("applied", awaitFinal(diagnostics, 60_000, log).get("state").asText());
            JsonNode bundle = bundle(serial, diagnostics);
            assertEquals("9.9.9-test", bundle.get("agentVersion").asText(), bundle.toString());
            assertTrue(bundle.get("routes").toString().contains("script-tick"), bundle.toString());
        }
    }

    private JsonNode bundle(String serial, String id) throws Exception {
        try (Connection c = DriverManager.getConnection(hub.jdbc().url(), hub.jdbc().user(), hub.jdbc().password());
             PreparedStatement ps = c.prepareStatement("SELECT body FROM diagnostics WHERE serial = ? AND id = ?")) {
            ps.setString(1, serial);
            ps.setString(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "bundle stored");
                return Json.MAPPER.readTree(rs.getBytes(1));
            }
        }
    }

    private void awaitPinging(String serial) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!json(admin("GET", "/admin/devices/" + serial, null)).get("pinging").asBoolean()) {
            assertTrue(System.currentTimeMillis() < deadline, "the supervised agent holds a heartbeat ping");
            Thread.sleep(200);
        }
    }

    private void awaitDevice(String serial, String field, String value) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        JsonNode d;
        do {
            Thread.sleep(200);
            d = json(admin("GET", "/admin/devices/" + serial, null));
        } while (!value.equals(d.path(field).asText()) && System.currentTimeMillis() < deadline);
        assertEquals(value, d.path(field).asText(), d.toString());
    }

    private String publish(String serial, String kind, byte[] payload, String signature) throws Exception {
        String body = "{\"target\":{\"serial\":\"" + serial + "\"},\"kind\":\"" + kind + "\",\"version\":\"" + kind + "-"
                + System.nanoTime() + "\"" + (payload == null ? "" : ",\"payload\":\"" + Base64.getEncoder().encodeToString(payload) + "\"")
                + (signature == null ? "" : ",\"signature\":\"" + signature + "\"") + "}";
        var a = admin("POST", "/admin/updates", body);
        assertEquals(201, a.status(), a.body());
        return json(a).get("id").asText();
    }

    private JsonNode awaitFinal(String id, long millis, Path log) throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        JsonNode device;
        do {
            Thread.sleep(200);
            device = json(admin("GET", "/admin/updates/" + id, null)).get("devices").get(0);
        } while (!FINAL.contains(device.get("state").asText()) && System.currentTimeMillis() < deadline);
        if (!FINAL.contains(device.get("state").asText())) {
            System.err.println(Files.readString(log));
        }
        return device;
    }

    private static byte[] firmwarePackage(Map<String, byte[]> jars) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (var e : jars.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] versionJar(String version) throws IOException {
        return jar(Map.of("bufferhub-agent.properties", ("version=" + version + "\n").getBytes(StandardCharsets.UTF_8)));
    }

    /** A DeviceMain that never starts Camel (so never checks in), compiled here; it shadows the real one. */
    private static byte[] neverStartingMain(Path dir) throws IOException {
        Path src = dir.resolve("broken-src/io/bufferhub/device/DeviceMain.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, "package io.bufferhub.device;\npublic final class DeviceMain {\n"
                + "    public static void main(String[] args) throws Exception { Thread.sleep(Long.MAX_VALUE); }\n}\n");
        Path out = dir.resolve("broken-classes");
        Files.createDirectories(out);
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", out.toString(), src.toString());
        assertEquals(0, rc, "test firmware compiles");
        return jar(Map.of("io/bufferhub/device/DeviceMain.class",
                Files.readAllBytes(out.resolve("io/bufferhub/device/DeviceMain.class"))));
    }

    private static byte[] jar(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes)) {
            for (var e : entries.entrySet()) {
                jar.putNextEntry(new JarEntry(e.getKey()));
                jar.write(e.getValue());
                jar.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static String sign(KeyPair key, byte[] payload) throws Exception {
        Signature sig = Signature.getInstance("Ed25519");
        sig.initSign(key.getPrivate());
        sig.update(payload);
        return Base64.getEncoder().encodeToString(sig.sign());
    }
}
