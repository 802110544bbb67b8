package io.bufferhub.sim.smdr;

import java.util.EnumMap;
import java.util.Map;

/**
 * The kinds of call the simulated PBX makes. Each SMDR line belongs to exactly one kind, so tests and
 * demos can ask the generator how many of each it produced and check what the hub's alerting found.
 * The kinds are told apart by the line alone (see {@link #classify(String[])}), which is what a parser on
 * the hub has to do as well.
 */
public enum CallMix {
    /** Extension to extension, {@code Is Internal = 1}. */
    INTERNAL(0.25),
    /** Outgoing to a local number ({@code 9} + 7 digits). */
    OUTGOING_LOCAL(0.20),
    /** Outgoing to a national number ({@code 91} / {@code 90} + 10 digits). */
    OUTGOING_NATIONAL(0.15),
    /** Incoming on a DDI, answered or not. */
    INCOMING(0.30),
    /** Outgoing international ({@code 9011…} North American or {@code 900…} European style). */
    INTERNATIONAL(0.04),
    /** Outgoing national call connected for more than 30 minutes. */
    LONG(0.06),
    /** 911 / 112 / 999, bare or behind the trunk-access digit ({@code 9911}, {@code 9-999}, {@code 9112}). */
    EMERGENCY(0.0);

    /** Emergency calls per call by default: one in a thousand, rare but present in any real batch stream. */
    public static final double DEFAULT_EMERGENCY_RATE = 0.001;

    /** A long call is connected for more than this many seconds; every other kind stays below it. */
    public static final int LONG_CALL_SECONDS = 30 * 60;

    private final double defaultWeight;

    CallMix(double defaultWeight) {
        this.defaultWeight = defaultWeight;
    }

    /**
     * The default shares with {@code emergencyRate} for {@link #EMERGENCY}; the other kinds share the rest
     * in their default proportions.
     */
    public static Map<CallMix, Double> shares(double emergencyRate) {
        if (emergencyRate < 0 || emergencyRate > 1) {
            throw new IllegalArgumentException("emergency rate must be between 0 and 1, got " + emergencyRate);
        }
        double others = 0;
        for (CallMix k : values()) {
            others += k.defaultWeight;
        }
        Map<CallMix, Double> shares = new EnumMap<>(CallMix.class);
        for (CallMix k : values()) {
            shares.put(k, k == EMERGENCY ? emergencyRate : k.defaultWeight / others * (1 - emergencyRate));
        }
        return shares;
    }

    /** The kind of an Avaya SMDR record, from its comma-separated fields alone. */
    public static CallMix classify(String[] fields) {
        String dialled = fields[6];
        if (fields[8].equals("1")) {
            return INTERNAL;
        }
        if (fields[4].equals("I")) {
            return INCOMING;
        }
        if (DialPlan.isEmergency(dialled)) {
            return EMERGENCY;
        }
        if (dialled.startsWith("9011") || dialled.startsWith("900")) {
            return INTERNATIONAL;
        }
        if (AvayaSmdrGenerator.seconds(fields[1]) > LONG_CALL_SECONDS) {
            return LONG;
        }
        return dialled.length() == 8 ? OUTGOING_LOCAL : OUTGOING_NATIONAL;
    }
}
