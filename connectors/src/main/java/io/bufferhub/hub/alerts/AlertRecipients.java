package io.bufferhub.hub.alerts;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Who hears of which alert: {@code alerts.mail.to} and {@code alerts.sms.to} for every rule, overridden per rule
 * by {@code alerts.rule.<rule>.mail} / {@code alerts.rule.<rule>.sms} (empty = nobody on that channel). Addresses
 * come from configuration, never from the wire, and are still checked at start so nothing odd reaches a header.
 */
public final class AlertRecipients {

    private static final Pattern MAIL = Pattern.compile("[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,190}");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9]{3,20}");

    private final Function<String, String> props;

    public AlertRecipients(Function<String, String> props) {
        this.props = props;
        for (String rule : AlertRuleNames.ALL) {
            mailTo(rule);
            smsTo(rule);
        }
    }

    /** Comma-separated mail recipients of {@code rule}, or null for none. */
    public String mailTo(String rule) {
        return list(rule, "mail", "alerts.mail.to", MAIL);
    }

    /** Comma-separated SMS numbers of {@code rule}, or null for none. */
    public String smsTo(String rule) {
        return list(rule, "sms", "alerts.sms.to", PHONE);
    }

    private String list(String rule, String channel, String defaultKey, Pattern valid) {
        String key = "alerts.rule." + rule + "." + channel;
        String v = props.apply(key);
        if (v == null) {
            key = defaultKey;
            v = props.apply(defaultKey);
        }
        if (v == null || v.isBlank()) {
            return null;
        }
        String k = key;
        String joined = Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).peek(s -> {
            if (!valid.matcher(s).matches()) {
                throw new IllegalArgumentException(k + ": '" + s + "' is not a valid " + channel + " recipient");
            }
        }).collect(Collectors.joining(","));
        return joined.isEmpty() ? null : joined;
    }

    public static AlertRecipients of(Map<String, String> props) {
        return new AlertRecipients(props::get);
    }
}
