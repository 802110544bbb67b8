package io.bufferhub.hub.outbox;

import org.apache.camel.spi.Metadata;

/** Headers an {@code outbox:} consumer sets on each delivery exchange. */
public final class OutboxConstants {

    @Metadata(description = "The device serial", javaType = "String")
    public static final String SERIAL = "BufferhubSerial";
    @Metadata(description = "The batch seq (batch-fed sinks and call alerts)", javaType = "Long")
    public static final String SEQ = "BufferhubSeq";
    @Metadata(description = "The batch's capture channel", javaType = "String")
    public static final String CHANNEL = "BufferhubChannel";
    @Metadata(description = "The device's group (may be absent)", javaType = "String")
    public static final String GROUP = "BufferhubGroup";
    @Metadata(description = "When the hub stored the batch, epoch ms", javaType = "Long")
    public static final String RECEIVED_AT = "BufferhubReceivedAt";
    @Metadata(description = "The outbox row id, stable across retries (an idempotency key for targets)", javaType = "Long")
    public static final String OUTBOX_ID = "BufferhubOutboxId";
    @Metadata(description = "1 for the first delivery attempt, 2 for the first retry, …", javaType = "Integer")
    public static final String ATTEMPT = "BufferhubAttempt";
    @Metadata(description = "Alert id (alert-fed sinks)", javaType = "Long")
    public static final String ALERT_ID = "BufferhubAlertId";
    @Metadata(description = "Alert rule name (alert-fed sinks)", javaType = "String")
    public static final String ALERT_RULE = "BufferhubAlertRule";
    @Metadata(description = "One-line alert text, safe for a mail subject or an SMS", javaType = "String")
    public static final String ALERT_SUMMARY = "BufferhubAlertSummary";
    @Metadata(description = "Mail recipients of the alert, comma-separated (may be absent)", javaType = "String")
    public static final String ALERT_MAIL_TO = "BufferhubAlertMailTo";
    @Metadata(description = "SMS recipients of the alert, comma-separated (may be absent)", javaType = "String")
    public static final String ALERT_SMS_TO = "BufferhubAlertSmsTo";
    @Metadata(description = "Transacted sinks: the java.sql.Connection of the claim, committed with the outbox row",
              javaType = "java.sql.Connection")
    public static final String CONNECTION = "BufferhubConnection";

    private OutboxConstants() {
    }
}
