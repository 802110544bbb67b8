package io.bufferhub.hub;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.camel.CamelContext;
import org.apache.camel.component.properties.PropertiesComponent;

/** Typed access to {@code bufferhub.*} properties through Camel's properties component (files, -D, env). */
final class HubProperties {

    private final CamelContext camel;

    HubProperties(CamelContext camel) {
        this.camel = camel;
    }

    String get(String key, String fallback) {
        return camel.getPropertiesComponent().resolveProperty(key).map(String::trim).orElse(fallback);
    }

    int getInt(String key, int fallback) {
        return (int) getLong(key, fallback);
    }

    long getLong(String key, long fallback) {
        String v = get(key, "");
        try {
            return v.isEmpty() ? fallback : Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("property " + key + " must be a whole number, got '" + v + "'");
        }
    }

    double getDouble(String key, double fallback) {
        String v = get(key, "");
        try {
            return v.isEmpty() ? fallback : Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("property " + key + " must be a number, got '" + v + "'");
        }
    }

    /** Every property whose key starts with one of {@code prefixes}, resolved (placeholders, -D, env). */
    Map<String, String> withPrefixes(String... prefixes) {
        Map<String, String> out = new TreeMap<>();
        // keys may come from the files, from -D system properties or from override properties (tests, embedding)
        Set<String> keys = new TreeSet<>(camel.getPropertiesComponent().loadProperties().stringPropertyNames());
        keys.addAll(System.getProperties().stringPropertyNames());
        if (camel.getPropertiesComponent() instanceof PropertiesComponent pc) {
            if (pc.getOverrideProperties() != null) {
                keys.addAll(pc.getOverrideProperties().stringPropertyNames());
            }
            if (pc.getInitialProperties() != null) {
                keys.addAll(pc.getInitialProperties().stringPropertyNames());
            }
        }
        for (String key : keys) {
            for (String prefix : prefixes) {
                if (key.startsWith(prefix)) {
                    out.put(key, get(key, ""));
                }
            }
        }
        return out;
    }

    boolean getBoolean(String key, boolean fallback) {
        String v = get(key, "");
        if (v.isEmpty()) {
            return fallback;
        }
        if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("property " + key + " must be true or false, got '" + v + "'");
        }
        return Boolean.parseBoolean(v);
    }
}
