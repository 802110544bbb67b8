package io.bufferhub.hub.cdr;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * One call as a PBX reported it, in the typed fields that a database row, a report and the alert rules need. The
 * raw line is kept by whoever parsed it; this record is only what could be read from it.
 *
 * <p>Every text field is made safe to store: control characters and other blanks become one space per run,
 * unpaired surrogates become U+FFFD, the text is stripped, blank becomes null and anything longer than
 * {@link #MAX_TEXT} characters is cut, so no column can overflow whatever a PBX sends. A cost keeps at most four decimals and must stay below
 * 10<sup>12</sup> in magnitude.
 *
 * @param callStart       when the call started (null when the PBX did not say)
 * @param durationSeconds connected (talk) time, never negative
 * @param ringSeconds     time ringing before answer, never negative
 * @param direction       {@link #IN}, {@link #OUT}, {@link #INTERNAL} or null when unknown
 * @param caller          the calling number or extension
 * @param called          the called number or extension
 * @param dialled         the digits as dialled, trunk-access digit included when the PBX prints it
 * @param extension       the site's own extension taking part in the call
 * @param trunk           the trunk or line used, without a vendor's letter prefix
 * @param accountCode     the account code entered for the call
 * @param cost            the charge the PBX computed, in its currency
 * @param callId          the PBX's own call identifier
 */
public record CallRecord(Instant callStart, Integer durationSeconds, Integer ringSeconds, String direction,
                         String caller, String called, String dialled, String extension, String trunk,
                         String accountCode, BigDecimal cost, String callId) {

    /** Longest text kept in any field, so a fixed-size database column always fits. */
    public static final int MAX_TEXT = 64;
    /** A call that came in from outside. */
    public static final String IN = "in";
    /** A call to the outside. */
    public static final String OUT = "out";
    /** A call between two extensions of the site. */
    public static final String INTERNAL = "internal";

    private static final Set<String> DIRECTIONS = Set.of(IN, OUT, INTERNAL);
    private static final int MAX_COST_SCALE = 4;
    private static final BigDecimal COST_LIMIT = BigDecimal.TEN.pow(12);

    /** Normalises the text fields and rejects values no PBX can mean (negative times, unknown direction). */
    public CallRecord {
        if (direction != null && !DIRECTIONS.contains(direction)) {
            throw new IllegalArgumentException("direction must be in, out, internal or null, got " + direction);
        }
        if (durationSeconds != null && durationSeconds < 0) {
            throw new IllegalArgumentException("duration must not be negative: " + durationSeconds);
        }
        if (ringSeconds != null && ringSeconds < 0) {
            throw new IllegalArgumentException("ring time must not be negative: " + ringSeconds);
        }
        caller = storable(caller);
        called = storable(called);
        dialled = storable(dialled);
        extension = storable(extension);
        trunk = storable(trunk);
        accountCode = storable(accountCode);
        callId = storable(callId);
        cost = boundedCost(cost);
    }

    /**
     * Text as stored: runs of control characters (C0, C1, DEL, U+2028, U+2029) and blanks become one space,
     * unpaired surrogates become U+FFFD, then strip, blank to null and cut to {@link #MAX_TEXT} without splitting
     * a surrogate pair.
     */
    static String storable(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(Math.min(s.length(), 2 * MAX_TEXT));
        for (int i = 0; i < s.length() && sb.length() < 2 * MAX_TEXT; i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                sb.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                sb.append('\uFFFD');
            } else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || Character.isWhitespace(c)) {
                if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ' ') { // one blank per run, none leading
                    sb.append(' ');
                }
            } else {
                sb.append(c);
            }
        }
        String v = sb.toString().strip();
        if (v.isEmpty()) {
            return null;
        }
        if (v.length() > MAX_TEXT) {
            int cut = Character.isHighSurrogate(v.charAt(MAX_TEXT - 1)) ? MAX_TEXT - 1 : MAX_TEXT;
            v = v.substring(0, cut).strip();
        }
        return v;
    }

    private static BigDecimal boundedCost(BigDecimal cost) {
        if (cost == null) {
            return null;
        }
        BigDecimal v = cost.scale() > MAX_COST_SCALE ? cost.setScale(MAX_COST_SCALE, RoundingMode.HALF_UP)
                : cost.scale() < 0 ? cost.setScale(0) : cost;
        if (v.abs().compareTo(COST_LIMIT) >= 0) {
            throw new IllegalArgumentException("cost out of range: " + cost.toPlainString());
        }
        return v;
    }

    /**
     * Puts the call's fields into a record map under the names sinks and templates use (README "Fan-out"):
     * {@code callStart} (ISO), {@code callStartMs}, {@code durationSeconds} … {@code callId}. Every key is put,
     * null when {@code call} is null (a line that did not parse), so statements and templates can name any field.
     */
    public static void putFields(Map<String, Object> into, CallRecord call) {
        Instant start = call == null ? null : call.callStart();
        into.put("callStart", start == null ? null : start.toString());
        into.put("callStartMs", start == null ? null : start.toEpochMilli());
        into.put("durationSeconds", call == null ? null : call.durationSeconds());
        into.put("ringSeconds", call == null ? null : call.ringSeconds());
        into.put("direction", call == null ? null : call.direction());
        into.put("caller", call == null ? null : call.caller());
        into.put("called", call == null ? null : call.called());
        into.put("dialled", call == null ? null : call.dialled());
        into.put("extension", call == null ? null : call.extension());
        into.put("trunk", call == null ? null : call.trunk());
        into.put("accountCode", call == null ? null : call.accountCode());
        into.put("cost", call == null ? null : call.cost());
        into.put("callId", call == null ? null : call.callId());
    }
}
