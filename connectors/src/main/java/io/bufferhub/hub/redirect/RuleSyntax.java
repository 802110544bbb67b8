package io.bufferhub.hub.redirect;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import io.bufferhub.common.Identifiers;
import io.bufferhub.common.Problem;

/**
 * Reads one redirect rule from parsed JSON (PROTOCOL.md §9) and refuses anything the protocol does not describe:
 * unknown keys at any level, wrong types, a {@code spread} without a pool, weights that do not fit the pool, URLs a
 * device could not use. Every refusal is a {@code 400} problem whose detail is the JSON path of the fault (for
 * example {@code rules[2].pool[1]: …}), so an operator sees at once what to fix. Rules are validated whole before
 * anything is stored, so a refused list never replaces the one in force.
 */
final class RuleSyntax {

    /** Device API base every target must end in: the device appends the rest of its request path to it. */
    static final String BASE_PATH = "/bpp/v1";
    static final int MAX_POOL = 100;
    static final int MAX_URL = 2048;
    static final int MAX_TEXT = 128;
    static final int MAX_WEIGHT = 1_000_000;

    private static final List<String> RULE_KEYS = List.of("match", "to", "pool", "spread", "weights", "permanent");
    private static final List<String> MATCH_KEYS = List.of("serial", "serialPattern", "group", "name");
    private static final Pattern GLOB = Pattern.compile("[A-Za-z0-9._*?-]{1,128}");

    private RuleSyntax() {
    }

    /** The rule at JSON path {@code at} (e.g. {@code rules[0]}), compiled. */
    static RedirectRule rule(Object value, String at) {
        Map<String, Object> m = object(value, at);
        onlyKeys(m, at, RULE_KEYS);
        Map<String, Object> json = new LinkedHashMap<>();
        RedirectRule.Match match = match(m, at, json);
        boolean hasTo = m.containsKey("to");
        if (hasTo == m.containsKey("pool")) {
            throw fault(hasTo ? "malformed-field" : "missing-field", at + ": exactly one of \"to\" and \"pool\" is required ("
                    + (hasTo ? "both" : "neither") + " given)");
        }
        TargetPool pool = hasTo ? single(m, at, json) : pool(m, at, json);
        boolean permanent = false;
        if (m.containsKey("permanent")) {
            if (!(m.get("permanent") instanceof Boolean b)) {
                throw fault("malformed-field", at + ".permanent: must be true (308) or false (307)");
            }
            permanent = b;
            json.put("permanent", b);
        }
        return new RedirectRule(match, pool, permanent, Collections.unmodifiableMap(json));
    }

    private static RedirectRule.Match match(Map<String, Object> rule, String at, Map<String, Object> json) {
        String where = at + ".match";
        if (!rule.containsKey("match")) {
            throw fault("missing-field", where + ": required ({} matches every device)");
        }
        Map<String, Object> m = object(rule.get("match"), where);
        onlyKeys(m, where, MATCH_KEYS);
        if (m.size() > 1) {
            throw fault("malformed-field", where + ": at most one of serial, serialPattern, group, name (got "
                    + String.join(", ", m.keySet()) + ")");
        }
        if (m.isEmpty()) {
            json.put("match", Map.of());
            return new RedirectRule.Match(RedirectRule.MatchKind.ANY, null);
        }
        String key = m.keySet().iterator().next();
        RedirectRule.MatchKind kind = RedirectRule.MatchKind.ofKey(key);
        String value = text(m.get(key), where + "." + key);
        switch (kind) {
            case SERIAL -> {
                if (!Identifiers.isSerial(value)) {
                    throw fault("malformed-field", where + ".serial: not a serial (1-64 of A-Z a-z 0-9 . _ -)");
                }
            }
            case SERIAL_PATTERN -> {
                if (!GLOB.matcher(value).matches()) {
                    throw fault("malformed-field", where + ".serialPattern: 1-128 of A-Z a-z 0-9 . _ - and the wildcards"
                            + " * (any run of characters) and ? (one character)");
                }
            }
            default -> {
                if (value.isEmpty() || value.length() > MAX_TEXT) {
                    throw fault("malformed-field", where + "." + key + ": 1-" + MAX_TEXT + " characters");
                }
            }
        }
        json.put("match", Map.of(key, value));
        return new RedirectRule.Match(kind, value);
    }

    private static TargetPool single(Map<String, Object> m, String at, Map<String, Object> json) {
        if (m.containsKey("spread")) {
            throw fault("malformed-field", at + ".spread: only with \"pool\" (a \"to\" rule has one target)");
        }
        if (m.containsKey("weights")) {
            throw fault("malformed-field", at + ".weights: only with \"pool\" and \"spread\": \"weighted\"");
        }
        String to = url(m.get("to"), at + ".to");
        json.put("to", to);
        return new TargetPool(List.of(to), Spread.ROUND_ROBIN, null);
    }

    private static TargetPool pool(Map<String, Object> m, String at, Map<String, Object> json) {
        if (!(m.get("pool") instanceof List<?> list) || list.isEmpty() || list.size() > MAX_POOL) {
            throw fault("malformed-field", at + ".pool: must be an array of 1-" + MAX_POOL + " target URLs");
        }
        List<String> targets = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            targets.add(url(list.get(i), at + ".pool[" + i + "]"));
        }
        json.put("pool", List.copyOf(targets));
        Spread spread = Spread.ROUND_ROBIN;
        if (m.containsKey("spread")) {
            spread = m.get("spread") instanceof String s ? Spread.of(s) : null;
            if (spread == null) {
                throw fault("malformed-field", at + ".spread: one of round-robin, hash, weighted");
            }
            json.put("spread", spread.wire());
        }
        int[] weights = null;
        if (spread == Spread.WEIGHTED) {
            if (!m.containsKey("weights")) {
                throw fault("missing-field", at + ".weights: required with \"spread\": \"weighted\", one per pool entry");
            }
            weights = weights(m.get("weights"), at + ".weights", targets.size());
            List<Integer> shown = new ArrayList<>();
            for (int w : weights) {
                shown.add(w);
            }
            json.put("weights", List.copyOf(shown));
        } else if (m.containsKey("weights")) {
            throw fault("malformed-field", at + ".weights: only with \"spread\": \"weighted\"");
        }
        return new TargetPool(targets, spread, weights);
    }

    private static int[] weights(Object value, String at, int poolSize) {
        if (!(value instanceof List<?> list)) {
            throw fault("malformed-field", at + ": must be an array of positive integers, one per pool entry");
        }
        if (list.size() != poolSize) {
            throw fault("malformed-field", at + ": " + list.size() + " weights for " + poolSize
                    + " pool entries (one per entry)");
        }
        int[] weights = new int[poolSize];
        for (int i = 0; i < poolSize; i++) {
            Object w = list.get(i);
            long n = w instanceof Integer || w instanceof Long ? ((Number) w).longValue() : 0;
            if (n < 1 || n > MAX_WEIGHT) {
                throw fault("malformed-field", at + "[" + i + "]: must be a whole number 1-" + MAX_WEIGHT);
            }
            weights[i] = (int) n;
        }
        return weights;
    }

    /**
     * A target base URL: absolute http or https with a host, no user info (a Location must not carry credentials),
     * no query or fragment (the device's own path and query are appended), path ending in {@code /bpp/v1}. Trailing
     * slashes are dropped, so {@code https://h/bpp/v1/} and {@code https://h/bpp/v1} are the same target.
     * A bare server ({@code https://h}, {@code https://h:8443/}) means its device API, which every hub serves under
     * {@code /bpp/v1} (PROTOCOL.md intro), so it becomes {@code https://h/bpp/v1}. Any other path is refused: whether
     * {@code /hub2} is a proxy prefix in front of {@code /bpp/v1} or a rewrite of it cannot be told from here.
     */
    static String url(Object value, String at) {
        if (!(value instanceof String s)) {
            throw fault("malformed-field", at + ": must be a string, an absolute http(s) URL ending in " + BASE_PATH);
        }
        if (s.isEmpty() || s.length() > MAX_URL) {
            throw fault("malformed-field", at + ": 1-" + MAX_URL + " characters");
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < 0x21 || s.charAt(i) > 0x7e) {
                throw fault("malformed-field", at + ": printable ASCII only, no spaces (percent-encode the rest)");
            }
        }
        URI u;
        try {
            u = new URI(s);
        } catch (URISyntaxException e) {
            throw fault("malformed-field", at + ": not a URL (" + e.getReason() + ")");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!u.isAbsolute() || u.isOpaque() || !(scheme.equals("http") || scheme.equals("https"))) {
            throw fault("malformed-field", at + ": must be an absolute http or https URL");
        }
        if (u.getRawUserInfo() != null) {
            throw fault("malformed-field", at + ": must not carry user info (credentials) before the host");
        }
        if (u.getHost() == null || u.getPort() == 0 || u.getPort() > 65535) {
            throw fault("malformed-field", at + ": needs a valid host (and port 1-65535 if one is given)");
        }
        if (u.getRawQuery() != null || u.getRawFragment() != null) {
            throw fault("malformed-field", at + ": must not have a query or fragment (the device's own are kept)");
        }
        String base = s.replaceFirst("/+$", "");
        if (u.getRawPath() == null || u.getRawPath().replace("/", "").isEmpty()) {
            return base + BASE_PATH;
        }
        if (!base.endsWith(BASE_PATH)) {
            throw fault("malformed-field", at + ": the path must end in " + BASE_PATH
                    + " (the device API base), or be empty for the server's own " + BASE_PATH);
        }
        return base;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object value, String at) {
        if (!(value instanceof Map)) {
            throw fault("malformed-field", at + ": must be a JSON object");
        }
        return (Map<String, Object>) value;
    }

    static void onlyKeys(Map<String, Object> m, String at, List<String> allowed) {
        for (String key : m.keySet()) {
            if (!allowed.contains(key)) {
                throw fault("unknown-field", at + "." + key + ": unknown field (allowed: " + String.join(", ", allowed) + ")");
            }
        }
    }

    private static String text(Object value, String at) {
        if (!(value instanceof String s)) {
            throw fault("malformed-field", at + ": must be a string");
        }
        return s;
    }

    static Problem fault(String slug, String detail) {
        return Problem.badRequest(slug, detail);
    }
}
