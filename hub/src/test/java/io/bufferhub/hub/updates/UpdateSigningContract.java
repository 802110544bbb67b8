package io.bufferhub.hub.updates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bufferhub.device.heartbeat.FirmwareVerifier;
import io.bufferhub.tools.SignTool;
import io.bufferhub.sim.push.HubClient.Answer;
import org.junit.jupiter.api.Test;

/**
 * A hub with {@code bufferhub.updates.signingKey} (a key from {@code sign keygen}) signs firmware published without
 * a signature, so devices trusting that key install it; a signature the operator gives is kept as given.
 */
abstract class UpdateSigningContract extends UpdateTestBase {

    private Path keys;

    @Override
    protected Map<String, String> settings() {
        try {
            keys = Files.createTempDirectory("hub-signing-").resolve("keys");
            PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
            assertEquals(0, SignTool.run(new String[] {"keygen", "--out", keys.toString()}, quiet, quiet));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Map<String, String> s = new HashMap<>(super.settings());
        s.put("bufferhub.updates.signingKey", keys.resolve(SignTool.KEY_FILE).toString());
        return s;
    }

    @Test
    void firmwareWithoutSignatureIsSignedWithTheHubKey() throws Exception {
        String serial = newDevice();
        byte[] firmware = {80, 75, 3, 4, 1, 2, 3};
        Answer a = publish(update(Map.of("serial", serial), "firmware", "4.0.0", firmware));
        assertEquals(201, a.status(), a.body());
        assertFalse(json(a).has("warning"), a.body());
        JsonNode item = checkIn(serial).get("updates").get(0);
        FirmwareVerifier device = new FirmwareVerifier(FirmwareVerifier.readKeys(keys.resolve(SignTool.PUB_FILE)));
        assertTrue(device.verify(firmware, item.get("sha256").asText(), item.get("signature").asText()).accepted(),
                item.toString());
    }

    @Test
    void aGivenSignatureIsKeptAsGiven() throws Exception {
        String serial = newDevice();
        String given = Base64.getEncoder().encodeToString(new byte[64]);
        Map<String, Object> fw = update(Map.of("serial", serial), "firmware", "4.0.1", new byte[] {1, 2});
        fw.put("signature", given);
        published(fw);
        assertEquals(given, checkIn(serial).get("updates").get(0).get("signature").asText());
        assertEquals(given, hubSignatureOf(serial));
    }

    private String hubSignatureOf(String serial) throws Exception {
        String id = checkIn(serial).get("updates").get(0).get("id").asText();
        return json(admin("GET", "/admin/updates/" + id, null)).get("signature").asText();
    }
}
