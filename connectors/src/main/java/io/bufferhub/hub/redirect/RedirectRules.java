package io.bufferhub.hub.redirect;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import io.bufferhub.common.Json;
import io.bufferhub.common.Problem;

/**
 * The hub's front door (PROTOCOL.md §6, §9): an ordered list of redirect rules, first match wins, no match means
 * serve here. Instances are immutable apart from the per-rule pick state of round-robin and weighted pools, and are
 * only ever built from a list that validated whole ({@link RuleSyntax}), so deciding a request cannot fail.
 */
public final class RedirectRules {

    /** No rules: every device is served here. */
    public static final RedirectRules NONE = new RedirectRules(List.of());
    static final int MAX_RULES = 1000;
    /** The stored list fits the database column (and keeps a hub from compiling megabytes on every change). */
    static final int MAX_JSON_CHARS = 1_048_576;
    /** Stricter than the shared mapper: a key given twice or text after the document is a fault, not ignored. */
    private static final ObjectReader STRICT = Json.MAPPER.readerFor(Object.class)
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** Where a request goes instead: the target's base URL and whether the move is permanent. */
    public record Redirect(String base, boolean permanent) {

        /** {@code 308 Permanent Redirect} (kept by the device until its configuration changes) or {@code 307}. */
        public int status() {
            return permanent ? 308 : 307;
        }

        /**
         * The same resource on the target: its base, the request path after the hub's own {@code /bpp/v1}, and the
         * original query string (raw, as the device sent them).
         */
        public String location(String pathAfterBase, String rawQuery) {
            return base + pathAfterBase + (rawQuery == null ? "" : "?" + rawQuery);
        }
    }

    private final List<RedirectRule> rules;
    private final List<Map<String, Object>> json;

    private RedirectRules(List<RedirectRule> rules) {
        this.rules = List.copyOf(rules);
        List<Map<String, Object>> shown = new ArrayList<>();
        for (RedirectRule r : rules) {
            shown.add(r.json());
        }
        this.json = List.copyOf(shown);
    }

    /** The document operators send ({@code PUT /admin/redirects}) and the start-up file holds: {@code {"rules": […]}}. */
    public static RedirectRules fromDocument(Map<String, Object> document) {
        RuleSyntax.onlyKeys(document, "body", List.of("rules"));
        if (!document.containsKey("rules")) {
            throw RuleSyntax.fault("missing-field", "rules: required, the whole ordered list of rules ([] for none)");
        }
        return fromList(document.get("rules"));
    }

    /** The rules array itself, validated whole: the first fault refuses the list. */
    public static RedirectRules fromList(Object value) {
        if (!(value instanceof List<?> list)) {
            throw RuleSyntax.fault("malformed-field", "rules: must be an array of rules");
        }
        if (list.size() > MAX_RULES) {
            throw RuleSyntax.fault("malformed-field", "rules: at most " + MAX_RULES + " rules (got " + list.size() + ")");
        }
        List<RedirectRule> rules = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            rules.add(RuleSyntax.rule(list.get(i), "rules[" + i + "]"));
        }
        RedirectRules compiled = new RedirectRules(rules);
        int size = compiled.toJsonText().length();
        if (size > MAX_JSON_CHARS) {
            throw RuleSyntax.fault("malformed-field", "rules: the list is " + size + " characters of JSON, at most "
                    + MAX_JSON_CHARS);
        }
        return compiled;
    }

    /** A list as stored ({@link #toJsonText()}), read back from the database. */
    public static RedirectRules fromStored(String jsonArray) {
        try {
            return fromList(STRICT.readValue(jsonArray));
        } catch (JsonProcessingException e) {
            throw RuleSyntax.fault("malformed-json", "rules: the stored list is not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JSON document from a file or a request body; a fault is a 400 problem naming where. */
    public static RedirectRules parseDocument(byte[] document) {
        if (document == null || document.length == 0) {
            throw RuleSyntax.fault("malformed-json", "body: a JSON object {\"rules\": […]} is required");
        }
        Object value;
        try {
            value = STRICT.readValue(document);
        } catch (JsonProcessingException e) {
            throw RuleSyntax.fault("malformed-json", "body: not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return fromDocument(RuleSyntax.object(value, "body"));
    }

    /**
     * The redirect for one authenticated request, or null to serve it here. {@code name} and {@code group} are the
     * device's registered ones (null when it has none, which no name or group rule matches).
     */
    public Redirect decide(String serial, String name, String group) {
        for (RedirectRule r : rules) {
            if (r.match().test(serial, name, group)) {
                return new Redirect(r.pool().pick(serial), r.permanent());
            }
        }
        return null;
    }

    public int size() {
        return rules.size();
    }

    /** The rules as operators see them ({@code GET /admin/redirects}): what they gave, URLs normalised. */
    public List<Map<String, Object>> toJson() {
        return json;
    }

    /** The stored form: the JSON array of {@link #toJson()}. */
    public String toJsonText() {
        return Json.write(json);
    }

    /** The document {@code {"rules": […]}} (without serverTime), ready for an answer. */
    public Map<String, Object> document() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("rules", json);
        return doc;
    }

    List<RedirectRule> rules() {
        return rules;
    }

    @Override
    public String toString() {
        return rules.size() + " redirect rule(s)";
    }
}
