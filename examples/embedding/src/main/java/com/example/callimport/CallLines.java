package com.example.callimport;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.bufferhub.hub.alerts.AlertRules;
import io.bufferhub.hub.alerts.CallAlert;
import io.bufferhub.hub.cdr.CallRecord;
import io.bufferhub.hub.cdr.CdrParser;
import io.bufferhub.hub.cdr.ParseContext;
import io.bufferhub.hub.cdr.ParseResult;
import io.bufferhub.hub.cdr.ParserSelection;
import io.bufferhub.hub.store.LineSplitter;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a block of PBX output into one record map per line, with the keys bufferhub's outbox gives its sinks
 * ({@code lineNo, channel, raw, parser, parseError, callStart, durationSeconds, …}) plus {@code source} and
 * {@code alerts}, so a statement written for the hub's external-sql integration reads the same fields here.
 * A line that does not parse is kept with its reason, never dropped.
 */
public class CallLines {

    /** Where the lines came from (a file name, an upload id): with lineNo, the key of a stored row. */
    public static final String SOURCE = "CallSource";
    /** The PBX channel the lines came from; picks the parser ({@code cdr.parser.channel.<channel>}). */
    public static final String CHANNEL = "CallChannel";

    private static final Logger LOG = LoggerFactory.getLogger(CallLines.class);

    private final ParserSelection parsers;
    private final AlertRules alerts;
    private final ZoneId zone;

    public CallLines(ParserSelection parsers, AlertRules alerts, ZoneId zone) {
        this.parsers = parsers;
        this.alerts = alerts;
        this.zone = zone;
    }

    /** The records of a body of lines (LF or CRLF; ISO-8859-1, as PBX printers send bytes, not UTF-8). */
    public List<Map<String, Object>> records(@Body byte[] body, @Header(SOURCE) String source,
                                             @Header(CHANNEL) String channel) {
        // no device group here: the channel alone (or the default) picks the parser
        CdrParser parser = parsers.select(null, channel);
        ParseContext ctx = new ParseContext(zone, Instant.now());
        List<Map<String, Object>> out = new ArrayList<>();
        int lineNo = 0;
        for (String raw : LineSplitter.split(body, StandardCharsets.ISO_8859_1)) {
            lineNo++;
            ParseResult p = parser.parse(raw, ctx);
            CallRecord call = p.call();
            List<CallAlert> hits = call == null ? List.of() : alerts.match(call);
            for (CallAlert a : hits) {
                LOG.warn("alert {} in {} line {}: {}", a.rule(), source, lineNo, a.summary());
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("source", source);
            r.put("lineNo", lineNo);
            r.put("channel", channel);
            r.put("raw", raw);
            r.put("parser", parser.name());
            r.put("parseError", p.error());
            CallRecord.putFields(r, call); // every call field, null when the line did not parse
            r.put("alerts", hits.isEmpty() ? null
                    : hits.stream().map(CallAlert::rule).collect(Collectors.joining(",")));
            out.add(r);
        }
        return out;
    }

    /** A file in a sub-folder of the inbox belongs to the channel named after that folder; top-level files to none. */
    public static String channelOf(@Header(Exchange.FILE_NAME) String relativeName) {
        String name = relativeName.replace('\\', '/');
        int slash = name.indexOf('/');
        return slash > 0 ? name.substring(0, slash) : null;
    }
}
