package io.bufferhub.hub.redirect;

import java.util.Map;
import java.util.Objects;

/**
 * One compiled redirect rule (PROTOCOL.md §9): which devices it takes and where it sends them. Built only by
 * {@link RuleSyntax}, which has validated every field, so matching a request is a string compare or a glob walk
 * over at most 64 characters, and never fails.
 */
final class RedirectRule {

    /** What a rule looks at; {@code ANY} is the empty match {@code {}}. Wire names are the JSON keys. */
    enum MatchKind {
        ANY(null), SERIAL("serial"), SERIAL_PATTERN("serialPattern"), GROUP("group"), NAME("name");

        private final String key;

        MatchKind(String key) {
            this.key = key;
        }

        String key() {
            return key;
        }

        /** The kind whose JSON key this is, or null. */
        static MatchKind ofKey(String key) {
            for (MatchKind k : values()) {
                if (k.key != null && k.key.equals(key)) {
                    return k;
                }
            }
            return null;
        }
    }

    /** The match part: its kind and the value to compare (null for {@code ANY}). */
    record Match(MatchKind kind, String value) {

        /** Name and group are the device's registered ones ({@code PUT /admin/devices}); null never matches. */
        boolean test(String serial, String name, String group) {
            return switch (kind) {
                case ANY -> true;
                case SERIAL -> value.equals(serial);
                case SERIAL_PATTERN -> glob(value, serial);
                case GROUP -> Objects.equals(value, group);
                case NAME -> Objects.equals(value, name);
            };
        }

        /**
         * Anchored glob: {@code *} is any run of characters (also none), {@code ?} exactly one, anything else
         * itself, case-sensitive. Walked directly rather than turned into a regular expression: a pattern such as
         * {@code *a*a*a*…} would make a backtracking regex take exponential time; this walk is at most
         * pattern length × serial length steps.
         */
        static boolean glob(String pattern, String text) {
            int p = 0;
            int t = 0;
            int star = -1;
            int resume = 0;
            while (t < text.length()) {
                if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
                    p++;
                    t++;
                } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                    star = p++;
                    resume = t;
                } else if (star >= 0) {
                    p = star + 1;
                    t = ++resume;
                } else {
                    return false;
                }
            }
            while (p < pattern.length() && pattern.charAt(p) == '*') {
                p++;
            }
            return p == pattern.length();
        }
    }

    private final Match match;
    private final TargetPool pool;
    private final boolean permanent;
    private final Map<String, Object> json;

    RedirectRule(Match match, TargetPool pool, boolean permanent, Map<String, Object> json) {
        this.match = match;
        this.pool = pool;
        this.permanent = permanent;
        this.json = json;
    }

    Match match() {
        return match;
    }

    TargetPool pool() {
        return pool;
    }

    boolean permanent() {
        return permanent;
    }

    /** The rule as stored and shown to operators: the keys they gave, URLs normalised. Unmodifiable. */
    Map<String, Object> json() {
        return json;
    }
}
