package io.bufferhub.sim;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --name value} options of a {@link SimMain} command. Unknown names, missing values and values out of
 * range are {@link UsageException}s, so a typo ends with the usage text rather than a silent default.
 */
public final class CliArgs {

    /** Bad command line; the message says what is wrong. */
    public static final class UsageException extends RuntimeException {
        public UsageException(String message) {
            super(message);
        }
    }

    private final Map<String, String> values = new HashMap<>();

    /** @param known option names without the leading dashes */
    public CliArgs(List<String> args, Set<String> known) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("--") || a.length() == 2) {
                throw new UsageException("unexpected argument '" + a + "'");
            }
            String name = a.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (!known.contains(name)) {
                throw new UsageException("unknown option --" + name);
            }
            if (value == null) {
                if (i + 1 >= args.size()) {
                    throw new UsageException("option --" + name + " needs a value");
                }
                value = args.get(++i);
            }
            if (values.put(name, value) != null) {
                throw new UsageException("option --" + name + " given twice");
            }
        }
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    public String required(String name) {
        String v = values.get(name);
        if (v == null || v.isBlank()) {
            throw new UsageException("option --" + name + " is required");
        }
        return v;
    }

    public long longValue(String name, long fallback, long min, long max) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        long n;
        try {
            n = Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("option --" + name + " must be a whole number, got '" + v + "'");
        }
        if (n < min || n > max) {
            throw new UsageException("option --" + name + " must be " + min + " … " + max + ", got " + n);
        }
        return n;
    }

    public int intValue(String name, int fallback, int min, int max) {
        return (int) longValue(name, fallback, min, max);
    }

    /** A probability 0 … 1. */
    public double rate(String name, double fallback) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            double p = Double.parseDouble(v.trim());
            if (p >= 0 && p <= 1) {
                return p;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new UsageException("option --" + name + " must be a probability 0 … 1, got '" + v + "'");
    }

    /** One of {@code choices}. */
    public String choice(String name, String fallback, Set<String> choices) {
        String v = values.getOrDefault(name, fallback);
        if (!choices.contains(v)) {
            throw new UsageException("option --" + name + " must be one of " + choices + ", got '" + v + "'");
        }
        return v;
    }
}
