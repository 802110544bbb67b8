package io.bufferhub.hub.redirect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import io.bufferhub.common.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every way a redirect list can be wrong is a 400 problem whose detail names the fault (PROTOCOL.md §9). */
class RuleSyntaxTest {

    private static final String TO = "\"to\":\"https://h2.example.com/bpp/v1\"";
    private static final String POOL = "\"pool\":[\"https://a.example.com/bpp/v1\",\"https://b.example.com/bpp/v1\"]";

    static RedirectRules parse(String json) {
        return RedirectRules.parseDocument(json.getBytes(StandardCharsets.UTF_8));
    }

    static Stream<Arguments> badLists() {
        return Stream.of(
                // the document
                Arguments.of("", "body"),
                Arguments.of("not json", "JSON"),
                Arguments.of("[]", "body"),
                Arguments.of("{}", "rules"),
                Arguments.of("{\"rules\":[],\"colour\":1}", "colour"),
                Arguments.of("{\"rules\":{}}", "rules"),
                Arguments.of("{\"rules\":[]} trailing", "JSON"),
                Arguments.of("{\"rules\":[],\"rules\":[]}", "rules"),
                // a rule
                Arguments.of("{\"rules\":[\"x\"]}", "rules[0]"),
                Arguments.of("{\"rules\":[{" + TO + "}]}", "rules[0].match"),
                Arguments.of("{\"rules\":[{\"match\":[]," + TO + "}]}", "rules[0].match"),
                Arguments.of("{\"rules\":[{\"match\":null," + TO + "}]}", "rules[0].match"),
                Arguments.of("{\"rules\":[{\"match\":{}," + TO + ",\"colour\":\"red\"}]}", "rules[0].colour"),
                Arguments.of("{\"rules\":[{\"match\":{}}]}", "\"to\" and \"pool\""),
                Arguments.of("{\"rules\":[{\"match\":{}," + TO + "," + POOL + "}]}", "\"to\" and \"pool\""),
                Arguments.of("{\"rules\":[{\"match\":{}," + TO + ",\"permanent\":\"yes\"}]}", "rules[0].permanent"),
                Arguments.of("{\"rules\":[{\"match\":{}," + TO + ",\"permanent\":null}]}", "rules[0].permanent"),
                // the match
                Arguments.of("{\"rules\":[{\"match\":{\"colour\":\"x\"}," + TO + "}]}", "rules[0].match.colour"),
                Arguments.of("{\"rules\":[{\"match\":{\"serial\":\"A\",\"group\":\"g\"}," + TO + "}]}", "rules[0].match"),
                Arguments.of("{\"rules\":[{\"match\":{\"serial\":7}," + TO + "}]}", "rules[0].match.serial"),
                Arguments.of("{\"rules\":[{\"match\":{\"serial\":\"bad serial\"}," + TO + "}]}", "rules[0].match.serial"),
                Arguments.of("{\"rules\":[{\"match\":{\"serialPattern\":\"ACME-[0-9]\"}," + TO + "}]}", "serialPattern"),
                Arguments.of("{\"rules\":[{\"match\":{\"serialPattern\":\"\"}," + TO + "}]}", "serialPattern"),
                Arguments.of("{\"rules\":[{\"match\":{\"group\":\"\"}," + TO + "}]}", "rules[0].match.group"),
                Arguments.of("{\"rules\":[{\"match\":{\"name\":\"" + "n".repeat(129) + "\"}," + TO + "}]}", "match.name"),
                Arguments.of("{\"rules\":[{\"match\":{\"name\":null}," + TO + "}]}", "rules[0].match.name"),
                // the URLs
                Arguments.of(rule("\"to\":42"), "rules[0].to"),
                Arguments.of(rule("\"to\":\"h2.example.com/bpp/v1\""), "rules[0].to"),
                Arguments.of(rule("\"to\":\"ftp://h2.example.com/bpp/v1\""), "rules[0].to"),
                Arguments.of(rule("\"to\":\"https://user:pw@h2.example.com/bpp/v1\""), "user info"),
                Arguments.of(rule("\"to\":\"https://h2.example.com/bpp/v1?x=1\""), "query"),
                Arguments.of(rule("\"to\":\"https://h2.example.com/bpp/v1#top\""), "fragment"),
                Arguments.of(rule("\"to\":\"https://h2.example.com/other\""), "/bpp/v1"),
                Arguments.of(rule("\"to\":\"https://h2.example.com/hub2/\""), "/bpp/v1"),
                Arguments.of(rule("\"to\":\"https:///bpp/v1\""), "host"),
                Arguments.of(rule("\"to\":\"https://h2.example.com:0/bpp/v1\""), "port"),
                Arguments.of(rule("\"to\":\"https://h2 example.com/bpp/v1\""), "rules[0].to"),
                Arguments.of(rule("\"to\":\"https://h2.example.com/bpp/v1/devices/\""), "/bpp/v1"),
                Arguments.of(rule("\"to\":\"mailto:ops@example.com\""), "rules[0].to"),
                Arguments.of(rule("\"to\":\"/bpp/v1\""), "rules[0].to"),
                // pools, spread, weights
                Arguments.of(rule("\"pool\":[]"), "rules[0].pool"),
                Arguments.of(rule("\"pool\":\"https://a.example.com/bpp/v1\""), "rules[0].pool"),
                Arguments.of(rule("\"pool\":[\"https://a.example.com/bpp/v1\",\"https://b.example.com/x\"]"), "rules[0].pool[1]"),
                Arguments.of(rule(TO + ",\"spread\":\"hash\""), "rules[0].spread"),
                Arguments.of(rule(TO + ",\"weights\":[1]"), "rules[0].weights"),
                Arguments.of(rule(POOL + ",\"spread\":\"random\""), "rules[0].spread"),
                Arguments.of(rule(POOL + ",\"spread\":1"), "rules[0].spread"),
                Arguments.of(rule(POOL + ",\"weights\":[3,1]"), "rules[0].weights"),
                Arguments.of(rule(POOL + ",\"spread\":\"hash\",\"weights\":[3,1]"), "rules[0].weights"),
                Arguments.of(rule(POOL + ",\"spread\":\"weighted\""), "rules[0].weights"),
                Arguments.of(rule(POOL + ",\"spread\":\"weighted\",\"weights\":[3]"), "rules[0].weights"),
                Arguments.of(rule(POOL + ",\"spread\":\"weighted\",\"weights\":[3,1,1]"), "rules[0].weights"),
                Arguments.of(rule(POOL + ",\"spread\":\"weighted\",\"weights\":[3,0]"), "rules[0].weights[1]"),
                Arguments.of(rule(POOL + ",\"spread\":\"weighted\",\"weights\":[-1,1]"), "rules[0].weights[0]"),
                Arguments.of(rule(POOL + ",\"spread\":\"weighted\",\"weights\":[1.5,1]"), "rules[0].weights[0]"),
                Arguments.of(rule(POOL + ",\"spread\":\"weighted\",\"weights\":[\"3\",1]"), "rules[0].weights[0]"),
                Arguments.of(rule(POOL + ",\"spread\":\"weighted\",\"weights\":[99999999999,1]"), "rules[0].weights[0]"),
                Arguments.of(rule(POOL + ",\"spread\":\"weighted\",\"weights\":{}"), "rules[0].weights"),
                // the fault is found in a later rule too, and named by its index
                Arguments.of("{\"rules\":[{\"match\":{}," + TO + "},{\"match\":{}," + TO + ",\"x\":1}]}", "rules[1].x"));
    }

    private static String rule(String targetPart) {
        return "{\"rules\":[{\"match\":{}," + targetPart + "}]}";
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("badLists")
    void refusedWithA400NamingTheFault(String json, String named) {
        Problem p = assertThrows(Problem.class, () -> parse(json));
        assertEquals(400, p.status());
        assertTrue(p.detail().contains(named), "detail should name " + named + ": " + p.detail());
        assertTrue(p.type().startsWith(Problem.TYPE_BASE));
    }

    @Test
    void tooManyRulesAreRefused() {
        StringBuilder sb = new StringBuilder("{\"rules\":[");
        for (int i = 0; i <= RedirectRules.MAX_RULES; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"match\":{},").append(TO).append('}');
        }
        Problem p = assertThrows(Problem.class, () -> parse(sb.append("]}").toString()));
        assertTrue(p.detail().startsWith("rules:"), p.detail());
    }

    @Test
    void everyValidFormIsAccepted() {
        RedirectRules r = parse("{\"rules\":["
                + "{\"match\":{\"serial\":\"S1\"}," + TO + "},"
                + "{\"match\":{\"serialPattern\":\"ACME-*\"}," + TO + ",\"permanent\":true},"
                + "{\"match\":{\"group\":\"g\"}," + POOL + "},"
                + "{\"match\":{\"name\":\"Reception PBX\"}," + POOL + ",\"spread\":\"round-robin\"},"
                + "{\"match\":{\"serial\":\"S2\"}," + POOL + ",\"spread\":\"hash\",\"permanent\":false},"
                + "{\"match\":{}," + POOL + ",\"spread\":\"weighted\",\"weights\":[3,1]},"
                + "{\"match\":{},\"to\":\"http://10.0.0.7:8080/front/bpp/v1/\"}]}");
        assertEquals(7, r.size());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @org.junit.jupiter.params.provider.CsvSource({
        "https://h2.example.com/bpp/v1/, https://h2.example.com/bpp/v1",
        "https://h2.example.com/bpp/v1, https://h2.example.com/bpp/v1",
        "https://h2.example.com/bpp/v1//, https://h2.example.com/bpp/v1",
        "https://h2.example.com, https://h2.example.com/bpp/v1",
        "https://h2.example.com/, https://h2.example.com/bpp/v1",
        "http://10.0.0.7:8080, http://10.0.0.7:8080/bpp/v1",
        "http://10.0.0.7:8080/front/bpp/v1/, http://10.0.0.7:8080/front/bpp/v1"})
    void targetsAreNormalisedToTheDeviceApiBase(String given, String base) {
        assertEquals(base, RuleSyntax.url(given, "to"));
        RedirectRules r = parse("{\"rules\":[{\"match\":{},\"to\":\"" + given + "\"}]}");
        assertEquals(base, r.toJson().get(0).get("to"));
        assertEquals(base + "/devices/S1/batches/7", r.decide("S1", null, null).location("/devices/S1/batches/7", null));
    }
}
