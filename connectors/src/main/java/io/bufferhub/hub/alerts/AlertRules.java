package io.bufferhub.hub.alerts;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import io.bufferhub.hub.cdr.CallRecord;

/**
 * The per-call alert rules and their settings, read from {@code alerts.*} properties. Pure: {@link #match} looks
 * at one call and says which rules it hits; counting bursts over time and holding off repeats is the caller's job,
 * with {@link #burstCalls()}, {@link #burstWindow()} and {@link #holdOff()} from here.
 *
 * <p>Rules: {@link CallAlert#EMERGENCY} for any call not known to be inbound to an emergency number;
 * {@link CallAlert#INTERNATIONAL_AFTER_HOURS} for an international call starting outside business hours;
 * {@link CallAlert#LONG_CALL} for any call lasting at least the threshold; {@link CallAlert#PREMIUM_RATE} for a
 * premium-rate call (one that is not international). The toll-fraud rules count a call as outbound when its direction is {@code out} or unknown
 * (formats without a direction), never when it is inbound or internal. Numbers are read from the dialled digits,
 * or the called number when no dialled digits are known.
 *
 * <p>Keys and defaults ({@link #DEFAULTS}): {@code alerts.emergency.numbers=911,112,999},
 * {@code alerts.trunkPrefixes=9,0}, {@code alerts.international.prefixes=011,00,+},
 * {@code alerts.premium.prefixes=1900,0900,09}, {@code alerts.businessHours=08:00-18:00} (end exclusive,
 * {@code 24:00} allowed), {@code alerts.businessDays=MON-FRI} (days and ranges, comma-separated, e.g.
 * {@code MON,TUE,SAT}), {@code alerts.zone=UTC}, {@code alerts.longCall.minutes=60} (0 turns the rule off),
 * {@code alerts.fraud.burst.calls=10} and {@code alerts.fraud.burst.minutes=5} (10 fraud candidates from one
 * extension within 5 minutes), {@code alerts.holdOff.minutes=15}. An empty list turns its rule off. Other
 * {@code alerts.*} keys are left to other components.
 *
 * @param emergencyNumbers      emergency numbers, without trunk prefix
 * @param trunkPrefixes         trunk-access digits that may stand in front of any number
 * @param internationalPrefixes prefixes of international calls
 * @param premiumPrefixes       prefixes of premium-rate calls
 * @param businessHours         when the site is open, in {@code zone}
 * @param zone                  the site's time zone, for business hours and summaries
 * @param longCall              calls this long or longer are long calls; zero turns the rule off
 * @param burstCalls            fraud candidates from one extension within {@code burstWindow} that make a burst
 * @param burstWindow           the window of a burst
 * @param holdOff               how long a repeat of the same incident key stays quiet
 */
public record AlertRules(Set<String> emergencyNumbers, Set<String> trunkPrefixes, Set<String> internationalPrefixes,
                         Set<String> premiumPrefixes, BusinessHours businessHours, ZoneId zone, Duration longCall,
                         int burstCalls, Duration burstWindow, Duration holdOff) {

    public static final String EMERGENCY_NUMBERS = "alerts.emergency.numbers";
    public static final String TRUNK_PREFIXES = "alerts.trunkPrefixes";
    public static final String INTERNATIONAL_PREFIXES = "alerts.international.prefixes";
    public static final String PREMIUM_PREFIXES = "alerts.premium.prefixes";
    public static final String BUSINESS_HOURS = "alerts.businessHours";
    public static final String BUSINESS_DAYS = "alerts.businessDays";
    public static final String ZONE = "alerts.zone";
    public static final String LONG_CALL_MINUTES = "alerts.longCall.minutes";
    public static final String BURST_CALLS = "alerts.fraud.burst.calls";
    public static final String BURST_MINUTES = "alerts.fraud.burst.minutes";
    public static final String HOLD_OFF_MINUTES = "alerts.holdOff.minutes";

    /** Every key this class reads, with its default. */
    public static final Map<String, String> DEFAULTS = defaultValues();

    private static final Pattern NUMBER = Pattern.compile("[0-9+*#]{1,20}");
    private static final int MAX_MINUTES = 7 * 24 * 60;

    /** Keeps unmodifiable copies and requires every setting. */
    public AlertRules {
        emergencyNumbers = copy(emergencyNumbers);
        trunkPrefixes = copy(trunkPrefixes);
        internationalPrefixes = copy(internationalPrefixes);
        premiumPrefixes = copy(premiumPrefixes);
        if (businessHours == null || zone == null || longCall == null || burstWindow == null || holdOff == null) {
            throw new IllegalArgumentException("every alert setting is required");
        }
        if (longCall.isNegative() || holdOff.isNegative() || burstCalls < 1 || burstWindow.isNegative()
                || burstWindow.isZero()) {
            throw new IllegalArgumentException("alert thresholds: long call and hold-off must not be negative, a"
                    + " burst needs at least 1 call and a positive window");
        }
    }

    /** The rules with every default. */
    public static AlertRules defaults() {
        return fromProperties(Map.of());
    }

    /**
     * Reads the {@code alerts.*} keys; missing keys take their default, others in the map are ignored.
     *
     * @throws IllegalArgumentException naming the key and the bad value
     */
    public static AlertRules fromProperties(Map<String, String> properties) {
        Map<String, String> p = new LinkedHashMap<>(DEFAULTS);
        for (String key : DEFAULTS.keySet()) {
            String v = properties.get(key);
            if (v != null) {
                p.put(key, v.strip());
            }
        }
        BusinessHours hours;
        try {
            hours = BusinessHours.parse(p.get(BUSINESS_HOURS), p.get(BUSINESS_DAYS));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(BUSINESS_HOURS + "='" + p.get(BUSINESS_HOURS) + "', " + BUSINESS_DAYS
                    + "='" + p.get(BUSINESS_DAYS) + "': " + e.getMessage(), e);
        }
        return new AlertRules(numbers(p, EMERGENCY_NUMBERS), numbers(p, TRUNK_PREFIXES),
                numbers(p, INTERNATIONAL_PREFIXES), numbers(p, PREMIUM_PREFIXES), hours, zone(p),
                Duration.ofMinutes(whole(p, LONG_CALL_MINUTES, 0)), whole(p, BURST_CALLS, 1),
                Duration.ofMinutes(whole(p, BURST_MINUTES, 1)), Duration.ofMinutes(whole(p, HOLD_OFF_MINUTES, 0)));
    }

    /** The rules this call hits, in the order emergency, international after hours, long call, premium rate. */
    public List<CallAlert> match(CallRecord call) {
        List<CallAlert> hits = new ArrayList<>(2);
        String emergency = !CallRecord.IN.equals(call.direction()) ? number(call, this::isEmergencyNumber) : null;
        if (emergency != null) {
            hits.add(new CallAlert(CallAlert.EMERGENCY,
                    key(CallAlert.EMERGENCY, call) + "|" + DialledNumbers.normalise(emergency),
                    CallDescriptions.sentence("Emergency call " + emergency, call, zone, "")));
        }
        String international = mayBeOutbound(call) ? number(call, this::isInternationalNumber) : null;
        if (international != null && call.callStart() != null && !isBusinessTime(call.callStart())) {
            hits.add(new CallAlert(CallAlert.INTERNATIONAL_AFTER_HOURS, key(CallAlert.INTERNATIONAL_AFTER_HOURS, call),
                    CallDescriptions.sentence("International call " + international, call, zone,
                            " (" + CallDescriptions.weekday(call, zone) + ") outside business hours")));
        }
        if (!longCall.isZero() && call.durationSeconds() != null && call.durationSeconds() >= longCall.toSeconds()) {
            hits.add(new CallAlert(CallAlert.LONG_CALL, key(CallAlert.LONG_CALL, call), longCallSummary(call)));
        }
        String premium = mayBeOutbound(call) ? number(call, this::isPremiumNumber) : null;
        if (premium != null) {
            hits.add(new CallAlert(CallAlert.PREMIUM_RATE, key(CallAlert.PREMIUM_RATE, call),
                    CallDescriptions.sentence("Premium-rate call " + premium, call, zone, "")));
        }
        return hits;
    }

    /** Whether the call counts toward a toll-fraud burst: maybe outbound, to an international or premium number. */
    public boolean isFraudCandidate(CallRecord call) {
        return mayBeOutbound(call)
                && (number(call, this::isInternationalNumber) != null || number(call, this::isPremiumNumber) != null);
    }

    /** Whether the site is open at this instant, in {@link #zone()}. */
    public boolean isBusinessTime(Instant t) {
        return businessHours.contains(t.atZone(zone));
    }

    private boolean isEmergencyNumber(String n) {
        return DialledNumbers.isEmergency(n, emergencyNumbers, trunkPrefixes);
    }

    /** International and not an emergency number: 0112 is 0 + 112, not the international prefix 011 + 2. */
    private boolean isInternationalNumber(String n) {
        return DialledNumbers.isInternational(n, internationalPrefixes, trunkPrefixes) && !isEmergencyNumber(n);
    }

    /**
     * Premium-rate and not international: with the default trunk prefix 0 and premium prefix 09, an international
     * {@code 0091…} would otherwise read as 0 + 09….
     */
    private boolean isPremiumNumber(String n) {
        return DialledNumbers.hasPrefix(n, premiumPrefixes, trunkPrefixes) && !isInternationalNumber(n);
    }

    private String longCallSummary(CallRecord call) {
        boolean inbound = CallRecord.IN.equals(call.direction());
        String kind = inbound ? "inbound " : CallRecord.OUT.equals(call.direction()) ? "outbound "
                : CallRecord.INTERNAL.equals(call.direction()) ? "internal " : "";
        String other = inbound ? call.caller() : call.dialled() != null ? call.dialled() : call.called();
        String party = inbound
                ? (call.extension() != null ? "to extension " + call.extension() : "")
                        + (other != null ? " from " + other : "")
                : CallDescriptions.from(call) + (other != null ? " to " + other : "");
        return "Long " + kind + "call of " + CallDescriptions.duration(call.durationSeconds()) + " " + party.strip()
                + " " + CallDescriptions.at(call, zone) + CallDescriptions.trunk(call);
    }

    /**
     * The dialled digits (the called number when the format gives none) when they pass the test; null otherwise.
     * Only one is tested: the called number has lost its trunk digit, so prefix tests would read it differently.
     */
    private static String number(CallRecord call, Predicate<String> test) {
        String n = call.dialled() != null ? call.dialled() : call.called();
        return n != null && test.test(n) ? n : null;
    }

    private static boolean mayBeOutbound(CallRecord call) {
        return call.direction() == null || CallRecord.OUT.equals(call.direction());
    }

    private static String key(String rule, CallRecord call) {
        return rule + "|" + CallDescriptions.party(call);
    }

    private static Set<String> numbers(Map<String, String> p, String key) {
        Set<String> numbers = new LinkedHashSet<>();
        for (String item : p.get(key).split(",", -1)) {
            String n = DialledNumbers.normalise(item);
            if (item.isBlank()) {
                continue;
            }
            if (!NUMBER.matcher(n).matches()) {
                throw new IllegalArgumentException(key + ": '" + item.strip() + "' is not a number or prefix"
                        + " (digits, +, *, #)");
            }
            numbers.add(n);
        }
        return numbers;
    }

    private static int whole(Map<String, String> p, String key, int min) {
        String v = p.get(key);
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= MAX_MINUTES) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(key + ": '" + v + "' is not a whole number from " + min + " to "
                + MAX_MINUTES);
    }

    private static ZoneId zone(Map<String, String> p) {
        try {
            return ZoneId.of(p.get(ZONE));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(ZONE + ": '" + p.get(ZONE) + "' is not a time zone such as UTC or"
                    + " Europe/London", e);
        }
    }

    private static Set<String> copy(Set<String> s) {
        if (s == null) {
            throw new IllegalArgumentException("every alert setting is required");
        }
        return Collections.unmodifiableSet(new LinkedHashSet<>(s));
    }

    private static Map<String, String> defaultValues() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put(EMERGENCY_NUMBERS, "911,112,999");
        d.put(TRUNK_PREFIXES, "9,0");
        d.put(INTERNATIONAL_PREFIXES, "011,00,+");
        d.put(PREMIUM_PREFIXES, "1900,0900,09");
        d.put(BUSINESS_HOURS, "08:00-18:00");
        d.put(BUSINESS_DAYS, "MON-FRI");
        d.put(ZONE, "UTC");
        d.put(LONG_CALL_MINUTES, "60");
        d.put(BURST_CALLS, "10");
        d.put(BURST_MINUTES, "5");
        d.put(HOLD_OFF_MINUTES, "15");
        return Collections.unmodifiableMap(d);
    }
}
