package io.bufferhub.hub.redirect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.bufferhub.hub.support.HubTestBase;
import io.bufferhub.sim.push.HubClient.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How redirect targets (PROTOCOL.md §9 {@code to} / {@code pool}) are taken: a trailing slash is dropped and a bare
 * server means its {@code /bpp/v1}, in the stored list and in the Location devices get (§6: the same resource on
 * another server); another path is refused naming the target.
 */
abstract class RedirectTargetsContract extends HubTestBase {

    @AfterEach
    void clearRules() throws Exception {
        assertEquals(200, admin("PUT", "/admin/redirects", "{\"rules\":[]}").status());
    }

    JsonNode putTo(String serial, String target) throws Exception {
        Answer a = admin("PUT", "/admin/redirects",
                "{\"rules\":[{\"match\":{\"serial\":\"" + serial + "\"},\"to\":\"" + target + "\"}]}");
        assertEquals(200, a.status(), target + ": " + a.body());
        return json(a).get("rules").get(0);
    }

    @Test
    void trailingSlashesAndBareServersBecomeTheDeviceApiBase() throws Exception {
        String serial = newDevice();
        String[][] cases = {
            {"https://h2.example.com/bpp/v1/", "https://h2.example.com/bpp/v1"},
            {"https://h2.example.com", "https://h2.example.com/bpp/v1"},
            {"https://h2.example.com:8443/", "https://h2.example.com:8443/bpp/v1"},
            {"http://10.0.0.9:8080/front/bpp/v1/", "http://10.0.0.9:8080/front/bpp/v1"}};
        for (String[] c : cases) {
            assertEquals(c[1], putTo(serial, c[0]).get("to").asText(), c[0]);
            assertEquals(c[1], json(admin("GET", "/admin/redirects", null)).get("rules").get(0).get("to").asText());
            Answer pushed = client.push(serial, SECRET, 1, bytes("x\r\n"));
            assertEquals(307, pushed.status(), pushed.body());
            assertEquals(c[1] + "/devices/" + serial + "/batches/1", pushed.header("location"), c[0]);
        }
        Answer pool = admin("PUT", "/admin/redirects", "{\"rules\":[{\"match\":{},\"pool\":[\"https://a.example.com/\","
                + "\"https://b.example.com/bpp/v1/\"],\"spread\":\"hash\"}]}");
        assertEquals(200, pool.status(), pool.body());
        assertEquals("[\"https://a.example.com/bpp/v1\",\"https://b.example.com/bpp/v1\"]",
                json(pool).get("rules").get(0).get("pool").toString());
        assertEquals(0, storedBatches(serial));
    }

    @Test
    void anotherPathIsRefusedNamingTheTarget() throws Exception {
        for (String target : new String[] {"https://h2.example.com/hub2", "https://h2.example.com/bpp/v1/devices"}) {
            assertProblem(admin("PUT", "/admin/redirects",
                    "{\"rules\":[{\"match\":{},\"to\":\"" + target + "\"}]}"), 400, "rules[0].to");
        }
        assertEquals(0, json(admin("GET", "/admin/redirects", null)).get("rules").size());
    }
}
