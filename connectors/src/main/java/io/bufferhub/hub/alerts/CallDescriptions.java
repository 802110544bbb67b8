package io.bufferhub.hub.alerts;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import io.bufferhub.hub.cdr.CallRecord;

/**
 * The phrases alert summaries are made of, so every alert names its call the same way: who called
 * ({@code from extension 4688}), when in the site's zone ({@code at 2026-11-21 10:27}), over which trunk and for
 * how long ({@code 44 s}, {@code 12 min 5 s}, {@code 1 h 2 min}).
 */
final class CallDescriptions {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE", Locale.ENGLISH);

    private CallDescriptions() {
    }

    /** {@code from extension 4688}, or the caller when no extension is known. */
    static String from(CallRecord call) {
        return call.extension() != null ? "from extension " + call.extension()
                : call.caller() != null ? "from " + call.caller() : "from an unknown extension";
    }

    /**
     * The usual alert sentence: {@code <what> from extension 4688 at 2026-11-21 10:27<afterTime> (trunk 9001),
     * 44 s}, leaving out what is unknown.
     */
    static String sentence(String what, CallRecord call, ZoneId zone, String afterTime) {
        return what + " " + from(call) + " " + at(call, zone) + (call.callStart() == null ? "" : afterTime)
                + trunk(call) + lasting(call);
    }

    /** {@code at 2026-11-21 10:27} in the zone. */
    static String at(CallRecord call, ZoneId zone) {
        return call.callStart() == null ? "at an unknown time" : "at " + WHEN.format(call.callStart().atZone(zone));
    }

    /** The weekday the call started on in the zone, {@code Sat}; the call must have a start. */
    static String weekday(CallRecord call, ZoneId zone) {
        return DAY.format(call.callStart().atZone(zone));
    }

    /** {@code  (trunk 9001)} with its leading blank, or "" when the trunk is unknown. */
    static String trunk(CallRecord call) {
        return call.trunk() == null ? "" : " (trunk " + call.trunk() + ")";
    }

    /** {@code , 44 s} with its leading comma, or "" when the duration is unknown. */
    static String lasting(CallRecord call) {
        return call.durationSeconds() == null ? "" : ", " + duration(call.durationSeconds());
    }

    /** A duration for people: {@code 44 s}, {@code 12 min 5 s}, {@code 1 h 2 min}. */
    static String duration(int seconds) {
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min" + (seconds % 60 == 0 ? "" : " " + seconds % 60 + " s");
        }
        return seconds / 3600 + " h" + (seconds / 60 % 60 == 0 ? "" : " " + seconds / 60 % 60 + " min");
    }

    /** Who the call is charged to, for incident keys: the extension, else the caller, else {@code ?}. */
    static String party(CallRecord call) {
        return call.extension() != null ? call.extension() : call.caller() != null ? call.caller() : "?";
    }
}
