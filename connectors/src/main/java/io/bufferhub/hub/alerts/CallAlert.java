package io.bufferhub.hub.alerts;

import java.util.Objects;

/**
 * One alert rule hit by one call, ready to notify. The incident key groups repeats of the same situation (the
 * same extension calling the same emergency number again) so a notifier can hold off duplicates; the summary is
 * one line of human text for a mail subject or an SMS. Both are made {@link SafeText#headerSafe header-safe} here,
 * so no CDR content can break out of the line they are put in.
 *
 * @param rule        the rule's name: {@link #EMERGENCY}, {@link #INTERNATIONAL_AFTER_HOURS}, {@link #LONG_CALL},
 *                    {@link #PREMIUM_RATE}
 * @param incidentKey groups repeats, e.g. {@code emergency|4688|9911}
 * @param summary     e.g. {@code Emergency call 911 from extension 4688 at 2026-11-21 10:27 (trunk 9001), 44 s}
 */
public record CallAlert(String rule, String incidentKey, String summary) {

    /** A call to an emergency number from the site. */
    public static final String EMERGENCY = "emergency";
    /** An outbound international call outside business hours: a toll-fraud sign. */
    public static final String INTERNATIONAL_AFTER_HOURS = "international-after-hours";
    /** A call at least as long as the configured threshold. */
    public static final String LONG_CALL = "long-call";
    /** An outbound call to a premium-rate number. */
    public static final String PREMIUM_RATE = "premium-rate";

    /** Longest incident key kept. */
    public static final int MAX_KEY = 200;
    /** Longest summary kept, short enough for a mail subject and two SMS parts. */
    public static final int MAX_SUMMARY = 300;

    /** Requires all parts and makes the key and summary single bounded lines. */
    public CallAlert {
        Objects.requireNonNull(rule, "rule");
        incidentKey = SafeText.headerSafe(Objects.requireNonNull(incidentKey, "incidentKey"), MAX_KEY);
        summary = SafeText.headerSafe(Objects.requireNonNull(summary, "summary"), MAX_SUMMARY);
    }
}
