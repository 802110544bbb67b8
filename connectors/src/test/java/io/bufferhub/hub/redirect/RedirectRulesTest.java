package io.bufferhub.hub.redirect;

import static io.bufferhub.hub.redirect.RuleSyntaxTest.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import io.bufferhub.common.Json;
import org.junit.jupiter.api.Test;

/** Deciding a request: each match kind, first match wins, no match serves here, the Location (PROTOCOL.md §6). */
class RedirectRulesTest {

    private static final String A = "https://a.example.com/bpp/v1";
    private static final String B = "https://b.example.com/bpp/v1";
    private static final String C = "https://c.example.com/bpp/v1";

    @Test
    void eachMatchKindTakesItsDevicesOnly() {
        RedirectRules r = parse("{\"rules\":["
                + "{\"match\":{\"serial\":\"S1\"},\"to\":\"" + A + "\"},"
                + "{\"match\":{\"serialPattern\":\"ACME-*\"},\"to\":\"" + B + "\",\"permanent\":true},"
                + "{\"match\":{\"group\":\"north\"},\"to\":\"" + C + "\"},"
                + "{\"match\":{\"name\":\"Reception PBX\"},\"to\":\"" + A + "\"}]}");
        assertEquals(new RedirectRules.Redirect(A, false), r.decide("S1", null, null));
        assertNull(r.decide("s1", null, null), "serials are case-sensitive");
        assertNull(r.decide("S10", null, null), "a serial rule is exact");
        assertEquals(new RedirectRules.Redirect(B, true), r.decide("ACME-0001", null, null));
        assertNull(r.decide("acme-0001", null, null));
        assertNull(r.decide("XACME-1", null, null), "a pattern is anchored");
        assertEquals(C, r.decide("Z1", "whatever", "north").base());
        assertNull(r.decide("Z1", "whatever", "North"));
        assertEquals(A, r.decide("Z2", "Reception PBX", "south").base());
        assertNull(r.decide("Z2", "Reception", "south"));
        assertNull(r.decide("Z3", null, null), "no name and no group match no name or group rule");
    }

    @Test
    void firstMatchWinsAndTheEmptyMatchTakesEveryone() {
        RedirectRules r = parse("{\"rules\":["
                + "{\"match\":{\"serial\":\"S1\"},\"to\":\"" + A + "\"},"
                + "{\"match\":{\"group\":\"g\"},\"to\":\"" + B + "\"},"
                + "{\"match\":{},\"to\":\"" + C + "\",\"permanent\":true}]}");
        assertEquals(A, r.decide("S1", "n", "g").base(), "S1 is in g too, but its own rule comes first");
        assertEquals(B, r.decide("S2", "n", "g").base());
        assertEquals(new RedirectRules.Redirect(C, true), r.decide("S3", null, null));
        assertEquals(308, r.decide("S3", null, null).status());
        assertEquals(307, r.decide("S1", null, null).status());
    }

    @Test
    void noRulesOrNoMatchServesHere() {
        assertNull(RedirectRules.NONE.decide("S1", "n", "g"));
        assertNull(parse("{\"rules\":[]}").decide("S1", "n", "g"));
        assertNull(parse("{\"rules\":[{\"match\":{\"serial\":\"S9\"},\"to\":\"" + A + "\"}]}").decide("S1", "n", "g"));
    }

    @Test
    void globStarIsAnyRunAndQuestionMarkOneCharacter() {
        assertTrue(RedirectRule.Match.glob("ACME-*", "ACME-"));
        assertTrue(RedirectRule.Match.glob("ACME-*", "ACME-0001"));
        assertFalse(RedirectRule.Match.glob("ACME-*", "ACME"));
        assertTrue(RedirectRule.Match.glob("*-01", "ACME-01"));
        assertFalse(RedirectRule.Match.glob("*-01", "ACME-011"));
        assertTrue(RedirectRule.Match.glob("A?ME-*1", "ACME-0001"));
        assertFalse(RedirectRule.Match.glob("A?ME-*1", "AME-0001"));
        assertTrue(RedirectRule.Match.glob("*", ""));
        assertTrue(RedirectRule.Match.glob("**a**", "a"));
        assertTrue(RedirectRule.Match.glob("a.b", "a.b"));
        assertFalse(RedirectRule.Match.glob("a.b", "axb"), "a dot is a dot, not a regex wildcard");
        assertTrue(RedirectRule.Match.glob("*a*b*a*", "xxaxxbxxaxx"));
        assertFalse(RedirectRule.Match.glob("*a*b*a*", "xxaxxbxx"));
    }

    @Test
    void aPathologicalPatternStaysFast() {
        String pattern = "*a".repeat(60) + "*b";
        String serial = "a".repeat(64);
        long start = System.nanoTime();
        assertFalse(RedirectRule.Match.glob(pattern, serial));
        assertTrue(System.nanoTime() - start < 100_000_000L, "linear-ish, not exponential");
    }

    @Test
    void locationIsTheTargetBasePlusThePathAfterBppV1AndTheQuery() {
        RedirectRules.Redirect r = new RedirectRules.Redirect(A, false);
        assertEquals(A + "/devices/S1/batches/7", r.location("/devices/S1/batches/7", null));
        assertEquals(A + "/devices/S1/updates?x=1&y=%20", r.location("/devices/S1/updates", "x=1&y=%20"));
    }

    @Test
    void theListIsShownAsGivenWithUrlsNormalisedAndReadsBackTheSame() throws Exception {
        RedirectRules r = parse("{\"rules\":[{\"match\":{\"group\":\"g\"},\"pool\":[\"" + A + "/\",\"" + B
                + "\"],\"spread\":\"weighted\",\"weights\":[3,1],\"permanent\":false},"
                + "{\"match\":{},\"to\":\"" + C + "/\"}]}");
        List<Map<String, Object>> json = r.toJson();
        assertEquals(Map.of("match", Map.of("group", "g"), "pool", List.of(A, B), "spread", "weighted",
                "weights", List.of(3, 1), "permanent", false), json.get(0));
        assertEquals(Map.of("match", Map.of(), "to", C), json.get(1), "no defaults added, trailing slash dropped");
        RedirectRules back = RedirectRules.fromStored(r.toJsonText());
        assertEquals(r.toJsonText(), back.toJsonText());
        assertEquals(Json.MAPPER.readTree(r.toJsonText()), Json.MAPPER.readTree(Json.write(r.document().get("rules"))));
    }
}
