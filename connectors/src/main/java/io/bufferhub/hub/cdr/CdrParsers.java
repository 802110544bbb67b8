package io.bufferhub.hub.cdr;

import java.util.Locale;
import java.util.Map;

/**
 * Makes a parser from its spec, the one-line text operators write in configuration:
 * <ul>
 *   <li>{@code avaya} — {@link AvayaSmdrParser};</li>
 *   <li>{@code mitel} or {@code mitel:clock=24} — {@link MitelSmdrParser} (start times on a 12- or 24-hour
 *       clock, default 12);</li>
 *   <li>{@code panasonic} or {@code panasonic:datePattern=dd/MM/yy} — {@link PanasonicSmdrParser} (date order,
 *       default {@value PanasonicSmdrParser#DEFAULT_DATE_PATTERN});</li>
 *   <li>{@code csv:<options>} — {@link CsvCdrParser}, e.g.
 *       {@code csv:separator=;,datePattern=yyyy-MM-dd HH:mm:ss,callStart=1,duration=2,caller=3,called=4};</li>
 *   <li>{@code regex:<pattern>} — {@link RegexCdrParser}, the pattern verbatim after the colon;</li>
 *   <li>{@code none} — {@link RawOnlyParser}: lines are stored raw only.</li>
 * </ul>
 * Names are case-insensitive. A spec that is empty, unknown or invalid fails at once with a message naming the
 * problem, so a configuration mistake stops the hub at start instead of silently storing unparsed lines.
 */
public final class CdrParsers {

    private static final String KINDS = "avaya, mitel, panasonic, none, csv:<options> or regex:<pattern>";

    private CdrParsers() {
    }

    /**
     * The parser a spec describes; parsers hold no mutable state, so the result may be shared by all threads.
     *
     * @throws IllegalArgumentException naming the problem, when the spec is empty, unknown or invalid
     */
    public static CdrParser create(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("empty parser spec; use " + KINDS);
        }
        String s = spec.stripLeading();
        int colon = s.indexOf(':');
        String kind = (colon < 0 ? s : s.substring(0, colon)).strip().toLowerCase(Locale.ROOT);
        String rest = colon < 0 ? null : s.substring(colon + 1);
        switch (kind) {
            case "avaya":
                SpecOptions.requireOnly(SpecOptions.parse(rest, kind), kind);
                return new AvayaSmdrParser();
            case "mitel":
                return mitel(SpecOptions.parse(rest, kind));
            case "panasonic":
                Map<String, String> options = SpecOptions.parse(rest, kind);
                SpecOptions.requireOnly(options, kind, "datePattern");
                return new PanasonicSmdrParser(options.getOrDefault("datePattern",
                        PanasonicSmdrParser.DEFAULT_DATE_PATTERN));
            case "none":
                SpecOptions.requireOnly(SpecOptions.parse(rest, kind), kind);
                return new RawOnlyParser();
            case "csv":
                if (rest == null || rest.isBlank()) {
                    throw new IllegalArgumentException("csv needs options, e.g. csv:callStart=1,duration=2,caller=3");
                }
                return CsvCdrParser.fromOptions(SpecOptions.parse(rest, kind));
            case "regex":
                if (rest == null || rest.isEmpty()) {
                    throw new IllegalArgumentException("regex needs a pattern: regex:<pattern with named groups>");
                }
                return new RegexCdrParser(rest);
            default:
                throw new IllegalArgumentException("unknown parser '" + kind + "' in spec '" + spec.strip()
                        + "'; use " + KINDS);
        }
    }

    private static CdrParser mitel(Map<String, String> options) {
        SpecOptions.requireOnly(options, "mitel", "clock");
        String clock = options.getOrDefault("clock", "12");
        if (!clock.equals("12") && !clock.equals("24")) {
            throw new IllegalArgumentException("mitel: clock must be 12 or 24, got '" + clock + "'");
        }
        return new MitelSmdrParser(clock.equals("24"));
    }
}
