package io.bufferhub.hub.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import io.bufferhub.hub.support.HubTestBase;
import io.bufferhub.hub.support.TestHub;
import io.bufferhub.sim.push.HubClient.Answer;
import org.junit.jupiter.api.Test;

/**
 * PROTOCOL.md §9 "JSON in and out" for every operator body: no Content-Type (what Java's HttpClient sends unless
 * told) and any JSON media type are read as JSON; an explicit other type is refused naming Content-Type — 415 for
 * devices and updates, 400 for the redirect list (§9 gives that call no answer but 200 and 400).
 */
abstract class OperatorJsonContract extends HubTestBase {

    private static final String BEARER = "Bearer " + TestHub.ADMIN_TOKEN;

    Answer send(String method, String path, String contentType, String body) throws Exception {
        Map<String, String> headers = new HashMap<>();
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        return client.send(method, path, BEARER, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    String update(String serial) {
        return "{\"target\":{\"serial\":\"" + serial + "\"},\"kind\":\"config\",\"version\":\"1\",\"payload\":\"YT0xCg==\"}";
    }

    @Test
    void bodiesWithoutContentTypeAreReadAsJson() throws Exception {
        String serial = "OJ-" + kind() + "-1";
        Answer created = send("PUT", "/admin/devices/" + serial, null, "{\"name\":\"No type\",\"secret\":\"s3cret\"}");
        assertEquals(201, created.status(), created.body());
        assertEquals("No type", json(admin("GET", "/admin/devices/" + serial, null)).get("name").asText());
        Answer published = send("POST", "/admin/updates", null, update(serial));
        assertEquals(201, published.status(), published.body());
        Answer rules = send("PUT", "/admin/redirects", null, "{\"rules\":[]}");
        assertEquals(200, rules.status(), rules.body());
    }

    @Test
    void jsonTypesWithParametersOrASuffixAreAccepted() throws Exception {
        String serial = newDevice();
        for (String type : new String[] {"application/json; charset=utf-8", "application/json;charset=UTF-8",
            "APPLICATION/JSON", "application/merge-patch+json", "application/vnd.example+json; charset=utf-8"}) {
            Answer changed = send("PUT", "/admin/devices/" + serial, type, "{\"name\":\"" + type + "\"}");
            assertEquals(200, changed.status(), type + ": " + changed.body());
            assertEquals(201, send("POST", "/admin/updates", type, update(serial)).status(), type);
            assertEquals(200, send("PUT", "/admin/redirects", type, "{\"rules\":[]}").status(), type);
        }
    }

    @Test
    void anExplicitNonJsonTypeIsRefusedNamingContentType() throws Exception {
        String serial = newDevice();
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "application/xml"}) {
            assertProblem(send("PUT", "/admin/devices/" + serial, type, "{\"name\":\"x\"}"), 415, "Content-Type");
            assertProblem(send("POST", "/admin/updates", type, update(serial)), 415, "Content-Type");
            assertProblem(send("PUT", "/admin/redirects", type, "{\"rules\":[]}"), 400, "Content-Type");
        }
        assertEquals("Test " + serial, json(admin("GET", "/admin/devices/" + serial, null)).get("name").asText());
        assertEquals(0, hub.count("SELECT COUNT(*) FROM update_state WHERE serial = ?", serial), "nothing published");
    }
}
