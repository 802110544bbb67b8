package io.bufferhub.hub.alerts;

import java.util.Set;

/**
 * Classifies dialled digits for the alert rules. PBXs print numbers as users dialled them, often behind a
 * trunk-access digit ({@code 9} or {@code 0}) and with punctuation ({@code 9-911}), so each test compares
 * {@link #normalise normalised} digits and allows one trunk-access prefix in front.
 */
public final class DialledNumbers {

    private DialledNumbers() {
    }

    /** The number without blanks, dashes, dots and parentheses; null gives "". Keeps {@code + * #} and letters. */
    public static String normalise(String dialled) {
        if (dialled == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(dialled.length());
        for (int i = 0; i < dialled.length(); i++) {
            char c = dialled.charAt(i);
            if (!Character.isWhitespace(c) && !Character.isSpaceChar(c) && "-.()".indexOf(c) < 0) {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * Whether the call went to an emergency number: exactly one of {@code numbers}, or one trunk-access prefix
     * followed by one of them and nothing after. So {@code 9911}, {@code 9-999} and {@code 0112} are emergency
     * calls (with prefixes 9 and 0), while {@code 9111}, {@code 1911} and {@code 91112223333} are not.
     */
    public static boolean isEmergency(String dialled, Set<String> numbers, Set<String> trunkPrefixes) {
        String d = normalise(dialled);
        if (d.isEmpty()) {
            return false;
        }
        for (String number : numbers) {
            String n = normalise(number);
            if (n.isEmpty()) {
                continue;
            }
            if (d.equals(n)) {
                return true;
            }
            for (String prefix : trunkPrefixes) {
                String p = normalise(prefix);
                if (d.length() == p.length() + n.length() && d.startsWith(p) && d.endsWith(n)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether the call went abroad: it starts with an international prefix ({@code 011}, {@code 00}, {@code +}),
     * directly or behind one trunk-access prefix, and more digits follow.
     */
    public static boolean isInternational(String dialled, Set<String> internationalPrefixes,
                                          Set<String> trunkPrefixes) {
        return hasPrefix(dialled, internationalPrefixes, trunkPrefixes);
    }

    /**
     * Whether the number starts with one of {@code prefixes} (such as premium-rate {@code 1900}, {@code 0900}),
     * directly or behind one trunk-access prefix, with more digits after the prefix.
     */
    public static boolean hasPrefix(String dialled, Set<String> prefixes, Set<String> trunkPrefixes) {
        String d = normalise(dialled);
        for (String prefix : prefixes) {
            String p = normalise(prefix);
            if (p.isEmpty()) {
                continue;
            }
            if (d.length() > p.length() && d.startsWith(p)) {
                return true;
            }
            for (String trunk : trunkPrefixes) {
                String t = normalise(trunk);
                if (d.length() > t.length() + p.length() && d.startsWith(t) && d.startsWith(p, t.length())) {
                    return true;
                }
            }
        }
        return false;
    }
}
