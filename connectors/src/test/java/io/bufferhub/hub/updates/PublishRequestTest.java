package io.bufferhub.hub.updates;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

    @Test
    void firmwareNeedsAnEd25519SizedSignature() {
        Map<String, Object> fw = body("firmware", "AAEC");
        refused(fw, "signature");
        fw.put("signature", Base64.getEncoder().encodeToString(new byte[63]));
        refused(fw, "signature");
        fw.put("signature", Base64.getMimeEncoder().encodeToString(new byte[64]));
        assertEquals(Base64.getEncoder().encodeToString(new byte[64]), PublishRequest.parse(fw).signature());
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
