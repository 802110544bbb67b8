package io.bufferhub.device.agent;

import java.nio.file.Path;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.bufferhub.common.Identifiers;
import io.bufferhub.device.push.PushSettings;

/**
 * One device agent's configuration (config/device.properties), checked at start so a typo fails loudly
 * instead of capturing nothing.
 *
 * @param captures channel name → where its bytes come from
 */
public record AgentSettings(String serial, String name, String secret, String mainUrl, Set<String> pins,
        Map<String, Capture> captures, Path spoolDir, long capacityBytes, String fullPolicy, int maxLines,
        long maxAgeMs, int heartbeat, int heartbeatStep, long heartbeatGraceMs, LocalTime checkinTime,
        List<String> updateKeys, long rollbackAfterMs, long backoffCapMs) {

    /** PROTOCOL.md §2: the exponential backoff doubles from 1 s up to this cap (5 minutes by default). */
    public static final String BACKOFF_CAP_KEY = "push.backoffCapMs";

    /** A capture source: a serial port path, a TCP host:port to connect to, or a port to listen on. */
    public record Capture(String channel, String serialPort, int baud, String framing, String tcpHost, int tcpPort,
            boolean listen) {
    }

    public static AgentSettings from(Function<String, String> prop, Set<String> keys) {
        String serial = required(prop, "device.serial");
        if (!Identifiers.isSerial(serial)) {
            throw new IllegalArgumentException("device.serial: 1-64 characters of A-Z a-z 0-9 . _ -, got '" + serial + "'");
        }
        String mainUrl = required(prop, "device.mainUrl");
        if (!mainUrl.startsWith("https://") && !mainUrl.startsWith("http://")) {
            throw new IllegalArgumentException("device.mainUrl: must be an http(s) URL ending in /bpp/v1, got " + mainUrl);
        }
        Set<String> pins = Arrays.stream(prop.apply("device.pins") == null ? new String[0]
                        : prop.apply("device.pins").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).map(s -> s.replace(":", "").toLowerCase())
                .collect(Collectors.toCollection(LinkedHashSet::new));
        for (String pin : pins) {
            if (!pin.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("device.pins: '" + pin + "' is not a SHA-256 fingerprint in hex");
            }
        }
        Map<String, Capture> captures = new TreeMap<>();
        for (String key : keys) {
            if (key.startsWith("capture.") && (key.endsWith(".port") || key.endsWith(".tcp"))) {
                String channel = key.substring(8, key.lastIndexOf('.'));
                captures.computeIfAbsent(channel, ch -> capture(prop, ch));
            }
        }
        if (captures.isEmpty()) {
            throw new IllegalArgumentException("no capture configured: add capture.<channel>.port or capture.<channel>.tcp");
        }
        if (captures.size() > 8) {
            throw new IllegalArgumentException("at most 8 capture channels per device, got " + captures.keySet());
        }
        return new AgentSettings(serial, prop.apply("device.name") == null ? serial : prop.apply("device.name"),
                required(prop, "device.secret"), mainUrl.replaceAll("/+$", ""), pins, captures,
                Path.of(or(prop, "spool.dir", "data/device/" + serial)),
                Long.parseLong(or(prop, "spool.capacityBytes", "67108864")), or(prop, "spool.fullPolicy", "stopReading"),
                Integer.parseInt(or(prop, "batch.maxLines", "200")), Long.parseLong(or(prop, "batch.maxAgeMs", "60000")),
                Integer.parseInt(or(prop, "heartbeat.start", "480")), Integer.parseInt(or(prop, "heartbeat.step", "60")),
                Long.parseLong(or(prop, "heartbeat.graceMs", "30000")),
                LocalTime.parse(or(prop, "updates.checkinTime", "03:00")),
                Arrays.stream(or(prop, "updates.trustedKeys", "").split(",")).map(String::trim)
                        .filter(k -> !k.isEmpty()).toList(),
                Long.parseLong(or(prop, "updates.rollbackAfterMs", "600000")), backoffCap(prop));
    }

    private static long backoffCap(Function<String, String> prop) {
        String v = or(prop, BACKOFF_CAP_KEY, Long.toString(PushSettings.DEFAULT_BACKOFF_CAP_MS));
        long ms;
        try {
            ms = Long.parseLong(v);
        } catch (NumberFormatException e) {
            ms = -1;
        }
        if (ms < 1000) { // the first wait is already up to 1 s: a smaller cap would not back off at all
            throw new IllegalArgumentException(BACKOFF_CAP_KEY + ": the longest wait between retries in milliseconds,"
                    + " at least 1000 (default " + PushSettings.DEFAULT_BACKOFF_CAP_MS + " = 5 minutes), got '" + v
                    + "'");
        }
        return ms;
    }

    private static Capture capture(Function<String, String> prop, String channel) {
        if (!Identifiers.isChannel(channel)) {
            throw new IllegalArgumentException("capture." + channel + ": a channel name is 1-32 of A-Z a-z 0-9 . _ -");
        }
        String p = "capture." + channel + ".";
        String port = prop.apply(p + "port");
        String tcp = prop.apply(p + "tcp");
        if ((port == null) == (tcp == null)) {
            throw new IllegalArgumentException(p + "port or " + p + "tcp: exactly one is needed");
        }
        int baud = Integer.parseInt(or(prop, p + "baud", "9600"));
        String framing = or(prop, p + "framing", "line");
        if (port != null) {
            return new Capture(channel, port, baud, framing, null, 0, false);
        }
        int colon = tcp.lastIndexOf(':');
        if (colon <= 0 || colon == tcp.length() - 1) {
            throw new IllegalArgumentException(p + "tcp: use host:port or listen:port, got '" + tcp + "'");
        }
        String host = tcp.substring(0, colon);
        int tcpPort = Integer.parseInt(tcp.substring(colon + 1));
        return new Capture(channel, null, baud, framing, host.equals("listen") ? null : host, tcpPort, host.equals("listen"));
    }

    private static String required(Function<String, String> prop, String key) {
        String v = prop.apply(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(key + ": required in the device configuration");
        }
        return v.trim();
    }

    private static String or(Function<String, String> prop, String key, String fallback) {
        String v = prop.apply(key);
        return v == null || v.isBlank() ? fallback : v.trim();
    }
}
