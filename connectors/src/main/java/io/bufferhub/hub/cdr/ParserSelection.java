package io.bufferhub.hub.cdr;

import java.util.HashMap;
import java.util.Map;

/**
 * Which parser reads a batch, by the device's group and the batch's channel, from configuration properties:
 * <ul>
 *   <li>{@value #DEFAULT_KEY} — every batch not matched below (default {@value #DEFAULT_SPEC});</li>
 *   <li>{@code cdr.parser.channel.<channel>} — batches of that channel from any device;</li>
 *   <li>{@code cdr.parser.group.<group>} — batches of devices in that group;</li>
 *   <li>{@code cdr.parser.group.<group>.channel.<channel>} — that channel of devices in that group.</li>
 * </ul>
 * The most specific wins: group and channel, then group, then channel, then the default. Values are parser specs
 * ({@link CdrParsers}). A group name must not contain {@code .channel.}. Properties outside {@value #PREFIX} are
 * ignored; an unknown key inside it, or an invalid spec, fails construction naming the key, so mistakes stop the
 * hub at start. Parsers are made once here and shared; the selection is immutable and thread-safe.
 */
public final class ParserSelection {

    /** Every key this class reads starts with this. */
    public static final String PREFIX = "cdr.parser.";
    /** The key of the fallback spec. */
    public static final String DEFAULT_KEY = PREFIX + "default";
    /** The fallback spec when {@link #DEFAULT_KEY} is not set: lines are stored raw only. */
    public static final String DEFAULT_SPEC = "none";

    private static final String GROUP = PREFIX + "group.";
    private static final String CHANNEL = PREFIX + "channel.";
    private static final String GROUP_CHANNEL = ".channel.";

    /** A group and channel pair, the key of the most specific rule. */
    private record GroupChannel(String group, String channel) {
    }

    private final CdrParser fallback;
    private final Map<String, CdrParser> byGroup = new HashMap<>();
    private final Map<String, CdrParser> byChannel = new HashMap<>();
    private final Map<GroupChannel, CdrParser> byGroupChannel = new HashMap<>();

    /**
     * Reads the {@value #PREFIX} keys of the given properties and makes every parser they name.
     *
     * @throws IllegalArgumentException naming the key, for an unknown key or an empty or invalid spec
     */
    public ParserSelection(Map<String, String> properties) {
        Map<String, CdrParser> bySpec = new HashMap<>(); // one parser per distinct spec
        CdrParser defaultParser = null;
        for (Map.Entry<String, String> e : properties.entrySet()) {
            String key = e.getKey();
            if (!key.startsWith(PREFIX)) {
                continue;
            }
            CdrParser parser = parser(key, e.getValue(), bySpec);
            if (key.equals(DEFAULT_KEY)) {
                defaultParser = parser;
            } else if (key.startsWith(CHANNEL) && key.length() > CHANNEL.length()) {
                byChannel.put(key.substring(CHANNEL.length()), parser);
            } else if (key.startsWith(GROUP) && key.length() > GROUP.length()) {
                String rest = key.substring(GROUP.length());
                int split = rest.indexOf(GROUP_CHANNEL);
                if (split < 0) {
                    byGroup.put(rest, parser);
                } else if (split > 0 && split + GROUP_CHANNEL.length() < rest.length()) {
                    byGroupChannel.put(new GroupChannel(rest.substring(0, split),
                            rest.substring(split + GROUP_CHANNEL.length())), parser);
                } else {
                    throw unknownKey(key);
                }
            } else {
                throw unknownKey(key);
            }
        }
        this.fallback = defaultParser != null ? defaultParser : CdrParsers.create(DEFAULT_SPEC);
    }

    /**
     * The parser for a batch: group and channel, then group, then channel, then the default.
     *
     * @param group   the sending device's group, or null when it has none
     * @param channel the batch's channel, or null
     */
    public CdrParser select(String group, String channel) {
        if (group != null) {
            CdrParser p = channel == null ? null : byGroupChannel.get(new GroupChannel(group, channel));
            if (p == null) {
                p = byGroup.get(group);
            }
            if (p != null) {
                return p;
            }
        }
        CdrParser p = channel == null ? null : byChannel.get(channel);
        return p != null ? p : fallback;
    }

    private static CdrParser parser(String key, String spec, Map<String, CdrParser> bySpec) {
        CdrParser known = spec == null ? null : bySpec.get(spec);
        if (known != null) {
            return known;
        }
        try {
            CdrParser made = CdrParsers.create(spec);
            bySpec.put(spec, made);
            return made;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }

    private static IllegalArgumentException unknownKey(String key) {
        return new IllegalArgumentException(key + ": unknown key; use " + DEFAULT_KEY + ", " + CHANNEL
                + "<channel>, " + GROUP + "<group> or " + GROUP + "<group>" + GROUP_CHANNEL + "<channel>");
    }
}
