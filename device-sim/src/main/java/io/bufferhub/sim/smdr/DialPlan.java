package io.bufferhub.sim.smdr;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The numbers a simulated site dials and receives. Outside lines are reached with the trunk-access digit
 * {@code 9}; the PBX reports what the user dialled (with the 9) and what it sent to the trunk (without).
 * North American and European habits are mixed on purpose, so one stream exercises every emergency and
 * international form an operator alerts on.
 */
final class DialPlan {

    /** Every emergency form the hub must recognise: bare, and behind the trunk-access digit with or without a dash. */
    static final List<String> EMERGENCY_FORMS = List.of(
            "911", "112", "999", "9911", "9112", "9999", "9-911", "9-112", "9-999");

    private static final String[] COUNTRY_CODES = {"44", "49", "33", "39", "34", "61", "81", "86", "91", "52", "234", "971"};

    private DialPlan() {
    }

    static boolean isEmergency(String dialled) {
        return EMERGENCY_FORMS.contains(dialled);
    }

    /** A number as dialled by an extension, and the number the PBX sent out. */
    record Dialled(String dialled, String called) {
        static Dialled viaTrunk(String dialled) {
            String called = dialled.startsWith("9-") ? dialled.substring(2)
                    : dialled.length() > 3 && dialled.startsWith("9") ? dialled.substring(1) : dialled;
            return new Dialled(dialled, called);
        }
    }

    static Dialled local(SplittableRandom rnd) {
        return Dialled.viaTrunk("9" + digit(rnd, 2) + digits(rnd, 6));
    }

    static Dialled national(SplittableRandom rnd) {
        // 91 + NANP area code and number, or 90 + a European trunk-prefixed national number (not 01…, which
        // behind the 9 would read as the North American international prefix 9011)
        String number = rnd.nextBoolean()
                ? "1" + digit(rnd, 2) + digits(rnd, 2) + digit(rnd, 2) + digits(rnd, 6)
                : "0" + digit(rnd, 2) + digits(rnd, 9);
        return Dialled.viaTrunk("9" + number);
    }

    static Dialled international(SplittableRandom rnd) {
        String country = COUNTRY_CODES[rnd.nextInt(COUNTRY_CODES.length)];
        String prefix = rnd.nextBoolean() ? "9011" : "900";
        return Dialled.viaTrunk(prefix + country + digit(rnd, 1) + digits(rnd, 8 + rnd.nextInt(2)));
    }

    static Dialled emergency(SplittableRandom rnd) {
        return Dialled.viaTrunk(EMERGENCY_FORMS.get(rnd.nextInt(EMERGENCY_FORMS.size())));
    }

    /** The caller's number on an incoming call; empty when withheld (about one call in twenty). */
    static String callerId(SplittableRandom rnd) {
        if (rnd.nextInt(20) == 0) {
            return "";
        }
        return rnd.nextBoolean() ? "0" + digit(rnd, 1) + digits(rnd, 9) : digit(rnd, 2) + digits(rnd, 9);
    }

    private static String digit(SplittableRandom rnd, int lowest) {
        return Integer.toString(lowest + rnd.nextInt(10 - lowest));
    }

    private static String digits(SplittableRandom rnd, int count) {
        StringBuilder sb = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            sb.append((char) ('0' + rnd.nextInt(10)));
        }
        return sb.toString();
    }
}
