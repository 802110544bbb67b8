package io.bufferhub.hub.cdr;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the {@code key=value,key=value} options of a parser spec. A comma starts a new option only where a
 * {@code key=} follows it, so a value may itself contain commas: {@code separator=,,callStart=1} is the separator
 * {@code ,} and callStart 1, and {@code datePattern=EEE, d MMM yyyy} keeps its comma. Keys and values are stripped.
 */
final class SpecOptions {

    private static final Pattern OPTION_BREAK = Pattern.compile(",(?=\\s*[A-Za-z][A-Za-z0-9]*=)");

    private SpecOptions() {
    }

    /**
     * The options in spec order.
     *
     * @param text   what follows {@code <parser>:}, or null for none
     * @param parser the parser's name, for messages
     * @throws IllegalArgumentException for an option without {@code =}, an empty key or a repeated key
     */
    static Map<String, String> parse(String text, String parser) {
        Map<String, String> options = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return options;
        }
        for (String option : OPTION_BREAK.split(text, -1)) {
            int eq = option.indexOf('=');
            String key = eq < 0 ? "" : option.substring(0, eq).strip();
            if (key.isEmpty()) {
                throw new IllegalArgumentException(parser + ": option '" + option.strip()
                        + "' is not key=value");
            }
            if (options.put(key, option.substring(eq + 1).strip()) != null) {
                throw new IllegalArgumentException(parser + ": option " + key + " given twice");
            }
        }
        return options;
    }

    /** Fails naming the first option a parser does not know. */
    static void requireOnly(Map<String, String> options, String parser, String... known) {
        Map<String, String> unknown = new LinkedHashMap<>(options);
        for (String k : known) {
            unknown.remove(k);
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(parser + ": unknown option '" + unknown.keySet().iterator().next()
                    + "'" + (known.length == 0 ? "; it takes none" : "; it takes " + String.join(", ", known)));
        }
    }
}
