package io.bufferhub.common;

import java.util.regex.Pattern;

/** Syntax of the names and numbers that come from the wire (PROTOCOL.md §1, §3). */
public final class Identifiers {

    private static final Pattern SERIAL = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern CHANNEL = Pattern.compile("[A-Za-z0-9._-]{1,32}");
    private static final Pattern SEQ = Pattern.compile("[1-9][0-9]{0,18}");

    private Identifiers() {
    }

    public static boolean isSerial(String s) {
        return s != null && SERIAL.matcher(s).matches();
    }

    public static boolean isChannel(String s) {
        return s != null && CHANNEL.matcher(s).matches();
    }

    /** Parses a canonical decimal seq in 1 … Long.MAX_VALUE; returns -1 when it is not one. */
    public static long parseSeq(String s) {
        if (s == null || !SEQ.matcher(s).matches()) {
            return -1;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException overflow) {
            return -1;
        }
    }

    public static String requireSerial(String s, String where) {
        if (!isSerial(s)) {
            throw Problem.badRequest("malformed-serial",
                    where + ": a serial is 1-64 characters of A-Z a-z 0-9 . _ -");
        }
        return s;
    }
}
