package io.bufferhub.hub.alerts;

import java.util.List;

/** The rule names alerts carry (and that recipients and hold-offs are configured by). */
public final class AlertRuleNames {

    public static final String EMERGENCY = CallAlert.EMERGENCY;
    public static final String INTERNATIONAL_AFTER_HOURS = CallAlert.INTERNATIONAL_AFTER_HOURS;
    public static final String LONG_CALL = CallAlert.LONG_CALL;
    public static final String PREMIUM_RATE = CallAlert.PREMIUM_RATE;
    public static final String FRAUD_BURST = "toll-fraud-burst";
    public static final String BUFFER_HIGH = "buffer-high";
    public static final String BYTES_LOST = "bytes-lost";
    public static final String BATCH_GAP = "batch-gap";
    public static final String CHANNEL_QUIET = "channel-quiet";
    public static final String DEVICE_OFFLINE = "device-offline";
    public static final String FIREWALL = "firewall";

    public static final List<String> ALL = List.of(EMERGENCY, INTERNATIONAL_AFTER_HOURS, LONG_CALL, PREMIUM_RATE,
            FRAUD_BURST, BUFFER_HIGH, BYTES_LOST, BATCH_GAP, CHANNEL_QUIET, DEVICE_OFFLINE, FIREWALL);

    private AlertRuleNames() {
    }
}
