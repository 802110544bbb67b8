package io.bufferhub.hub.updates;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import io.bufferhub.common.Json;
import io.bufferhub.common.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Checks of {@code POST /admin/updates} bodies; each refusal names the field at fault. */
class PublishRequestTest {

    private static Map<String, Object> body(String kind, Object payload) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("target", Map.of("serial", "S-1"));
        b.put("kind", kind);
        b.put("version", "1.0");
        if (payload != null) {
            b.put("payload", payload);
        }
        return b;
    }

    private static void refused(Map<String, Object> body, String field) {
        Problem p = assertThrows(Problem.class, () -> PublishRequest.parse(body));
        assertEquals(400, p.status());
        assertTrue(p.detail().startsWith(field), p.detail());
    }

    @Test
    void configPayloadIsBase64AndLineBreaksAreTolerated() {
        String b64 = Base64.getMimeEncoder().encodeToString("x".repeat(200).getBytes(StandardCharsets.UTF_8));
        PublishRequest r = PublishRequest.parse(body("config", b64));
        assertEquals(UpdateKind.CONFIG, r.kind());
        assertEquals(200, r.payload().length);
        assertEquals("S-1", r.targetSerial());
        assertNull(r.targetGroup());
        assertNull(r.signature());
    }

    @Test
    void commandIsAJsonObjectOrItsBase64() {
        PublishRequest direct = PublishRequest.parse(body("command", Map.of("command", "resync-time")));
        assertEquals("resync-time", Json.readObject(direct.payload()).get("command"));
        byte[] json = "{\"command\":\"flush\"}".getBytes(StandardCharsets.UTF_8);
        String b64 = Base64.getEncoder().encodeToString(json);
        assertArrayEquals(json, PublishRequest.parse(body("command", b64)).payload());
        refused(body("command", Base64.getEncoder().encodeToString("[1]".getBytes(StandardCharsets.UTF_8))), "payload");
        refused(body("command", 5), "payload");
    }

    /** §5 names the commands restart, resync-time, flush: as a JSON object, a JSON string or the bare word. */
    @ParameterizedTest
    @ValueSource(strings = {"{\"command\":\"restart\"}", "\"restart\"", "restart", "restart\n", "\"resync-time\"",
        "flush", "resync-time", "{\"command\":\"restart\",\"delayMs\":5}"})
    void commandFormsAreStoredAsGiven(String command) {
        byte[] given = command.getBytes(StandardCharsets.UTF_8);
        String b64 = Base64.getEncoder().encodeToString(given);
        assertArrayEquals(given, PublishRequest.parse(body("command", b64)).payload(), "base64 of " + command);
        assertArrayEquals(given, PublishRequest.parse(body("command", command)).payload(), "given as such");
    }

    @ParameterizedTest
    @ValueSource(strings = {"reboot", "\"reboot\"", "RESTART", "restart now", "[\"restart\"]", "42", "true", "null",
        "\"restart\" \"flush\"", "{\"command\":\"restart\"} x", "{", "", "{\"anything\":1}",
        "{\"comand\":\"restart\"}", "{\"command\":5}"})
    void otherCommandPayloadsAre400NamingPayload(String command) {
        refused(body("command", Base64.getEncoder().encodeToString(command.getBytes(StandardCharsets.UTF_8))), "payload");
        refused(body("command", command), "payload");
    }

    @Test
    void aKnownCommandWordIsNeverValidBase64OfAnother() {
        for (String word : CommandPayload.KNOWN) {
            byte[] decoded;
            try {
                decoded = Base64.getDecoder().decode(word);
            } catch (IllegalArgumentException e) {
                continue;
            }
            assertFalse(CommandPayload.isCommand(decoded), word);
        }
        assertFalse(CommandPayload.isJson("restart".getBytes(StandardCharsets.UTF_8)), "a bare word is served as text");
        assertTrue(CommandPayload.isJson("\"restart\"".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void firmwareSignatureIsOptionalButMustBeEd25519SizedWhenGiven() {
        Map<String, Object> fw = body("firmware", "AAEC");
        assertNull(PublishRequest.parse(fw).signature(), "absent: the hub signs or publishes unsigned");
        fw.put("signature", Base64.getEncoder().encodeToString(new byte[63]));
        refused(fw, "signature");
        fw.put("signature", Base64.getMimeEncoder().encodeToString(new byte[64]));
        assertEquals(Base64.getEncoder().encodeToString(new byte[64]), PublishRequest.parse(fw).signature());
        fw.put("signature", 7);
        refused(fw, "signature");
        fw.put("signature", "");
        refused(fw, "signature");
        Map<String, Object> config = body("config", "AAEC");
        config.put("signature", Base64.getEncoder().encodeToString(new byte[64]));
        refused(config, "signature");
    }

    @Test
    void diagnosticsHasNoPayload() {
        assertNull(PublishRequest.parse(body("diagnostics", null)).payload());
        refused(body("diagnostics", "AAEC"), "payload");
    }

    @Test
    void targetsAreExactlyOneSerialOrGroup() {
        Map<String, Object> b = body("config", "AAEC");
        b.put("target", Map.of("group", "acme"));
        assertEquals("acme", PublishRequest.parse(b).targetGroup());
        b.put("target", Map.of());
        refused(b, "target");
        b.put("target", "S-1");
        refused(b, "target");
        b.put("target", Map.of("group", ""));
        refused(b, "target.group");
        b.put("target", Map.of("serial", 7));
        refused(b, "target.serial");
    }

    @Test
    void versionAndPayloadShapes() {
        Map<String, Object> b = body("routes", "AAEC");
        b.put("version", "v".repeat(65));
        refused(b, "version");
        b.put("version", "1\n2");
        refused(b, "version");
        b.put("version", 3);
        refused(b, "version");
        refused(body("routes", ""), "payload");
        refused(body("routes", "!!"), "payload");
        refused(body("routes", Map.of()), "payload");
        refused(body("routes", null), "payload");
    }
}
