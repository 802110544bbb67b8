package io.bufferhub.hub.cdr;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Any PBX or call-accounting export that writes one call per delimited line, configured by which column holds
 * which call field. Fields may be enclosed in double quotes (a doubled quote inside stands for one), so a quoted
 * field may contain the separator. Durations may be seconds or clock forms; see {@link CallField#read}.
 *
 * <p>Spec ({@link CdrParsers}): {@code csv:} then comma-separated {@code key=value} options. A comma starts a new
 * option only where a {@code key=} follows, so values may contain commas ({@code separator=,} works).
 * <ul>
 *   <li>{@code separator} — one character, or {@code comma} (default), {@code semicolon}, {@code tab},
 *       {@code pipe}, {@code space};</li>
 *   <li>{@code datePattern} — a {@link java.time.format.DateTimeFormatter} pattern for callStart (default
 *       {@value #DEFAULT_DATE_PATTERN}), {@code epoch} for Unix seconds or {@code iso} for a lenient ISO form;</li>
 *   <li>a call field name ({@code callStart, duration, ring, caller, called, dialled, extension, trunk,
 *       account, cost, direction, callId}) = its 1-based column; at least one is required.</li>
 * </ul>
 * Example: {@code csv:separator=;,datePattern=yyyy-MM-dd HH:mm:ss,callStart=1,duration=2,caller=3,called=4}.
 */
public final class CsvCdrParser extends AbstractCdrParser {

    /** The callStart layout when the spec names none. */
    public static final String DEFAULT_DATE_PATTERN = "yyyy-MM-dd HH:mm:ss";
    /** Highest column a field may be mapped to. */
    public static final int MAX_COLUMN = 1000;

    private static final Map<String, Character> SEPARATOR_NAMES =
            Map.of("comma", ',', "semicolon", ';', "tab", '\t', "pipe", '|', "space", ' ');

    private final char separator;
    private final CallStartFormat callStart;
    private final Map<CallField, Integer> columns;
    private final int columnsNeeded;

    /**
     * @param separator   the field separator; not a double quote, CR or LF
     * @param datePattern callStart's layout: a DateTimeFormatter pattern, {@code epoch} or {@code iso}
     * @param columns     the 1-based column of each mapped call field, by field name
     * @throws IllegalArgumentException naming the problem, when any of them is invalid
     */
    public CsvCdrParser(char separator, String datePattern, Map<String, Integer> columns) {
        super("csv");
        if (separator == '"' || separator == '\r' || separator == '\n') {
            throw new IllegalArgumentException("csv separator must not be a double quote, CR or LF");
        }
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("csv spec maps no column; name at least one of " + CallField.keys());
        }
        this.separator = separator;
        this.callStart = CallStartFormat.of(datePattern);
        EnumMap<CallField, Integer> map = new EnumMap<>(CallField.class);
        int max = 0;
        for (Map.Entry<String, Integer> e : columns.entrySet()) {
            CallField field = CallField.byKey(e.getKey());
            if (field == null) {
                throw new IllegalArgumentException("csv: unknown option or field '" + e.getKey() + "' (options: "
                        + "separator, datePattern; fields: " + CallField.keys() + ")");
            }
            int column = e.getValue();
            if (column < 1 || column > MAX_COLUMN) {
                throw new IllegalArgumentException("csv: column of " + e.getKey() + " must be 1-" + MAX_COLUMN
                        + ", got " + column);
            }
            map.put(field, column - 1);
            max = Math.max(max, column);
        }
        this.columns = Collections.unmodifiableMap(map);
        this.columnsNeeded = max;
    }

    /** The parser a {@code csv:} spec describes, from its options (see the class comment). */
    static CsvCdrParser fromOptions(Map<String, String> options) {
        Map<String, String> rest = new LinkedHashMap<>(options);
        String separator = rest.remove("separator");
        String datePattern = rest.remove("datePattern");
        Map<String, Integer> columns = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : rest.entrySet()) {
            try {
                columns.put(e.getKey(), Integer.parseInt(e.getValue().strip()));
            } catch (NumberFormatException notNumber) {
                throw new IllegalArgumentException("csv: " + e.getKey() + " must be a column number, got '"
                        + e.getValue() + "'");
            }
        }
        return new CsvCdrParser(separator(separator), datePattern == null ? DEFAULT_DATE_PATTERN : datePattern,
                columns);
    }

    private static char separator(String spec) {
        if (spec == null) {
            return ',';
        }
        Character named = SEPARATOR_NAMES.get(spec.strip().toLowerCase(Locale.ROOT));
        if (named != null) {
            return named;
        }
        if (spec.length() != 1) {
            throw new IllegalArgumentException("csv: separator must be one character or one of "
                    + SEPARATOR_NAMES.keySet() + ", got '" + spec + "'");
        }
        return spec.charAt(0);
    }

    @Override
    CallRecord parseLine(String line, ParseContext ctx) throws UnparseableLineException {
        List<String> fields = split(line, separator);
        if (fields.size() < columnsNeeded) {
            throw new UnparseableLineException("line has " + fields.size() + " columns; the csv spec reads column "
                    + columnsNeeded);
        }
        return CallField.read(new CallField.Source() {
            @Override
            public String value(CallField field) {
                Integer column = columns.get(field);
                return column == null ? null : fields.get(column);
            }

            @Override
            public String label(CallField field) {
                return "column " + (columns.get(field) + 1) + " (" + field.key + ")";
            }
        }, callStart, ctx);
    }

    /** Splits on the separator outside double quotes; a field that opens with a quote runs to its closing quote. */
    static List<String> split(String line, char separator) throws UnparseableLineException {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean fieldStart = true;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c != '"') {
                    field.append(c);
                } else if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else {
                    quoted = false;
                }
            } else if (c == separator) {
                fields.add(field.toString());
                field.setLength(0);
                fieldStart = true;
                continue;
            } else if (c == '"' && fieldStart) {
                quoted = true;
            } else {
                field.append(c);
            }
            fieldStart = false;
        }
        if (quoted) {
            throw new UnparseableLineException("column " + (fields.size() + 1) + " opens a quote that never closes");
        }
        fields.add(field.toString());
        return fields;
    }
}
