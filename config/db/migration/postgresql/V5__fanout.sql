-- fan-out (issue 5): parsed call records, a durable per-sink outbox, alerts. Times are epoch milliseconds (UTC).

-- sinks known to the hub (registered when their route starts); ingest writes one outbox row per batch-fed sink
CREATE TABLE sink (
    name       VARCHAR(64) PRIMARY KEY,
    source     VARCHAR(8)  NOT NULL,          -- 'batch' or 'alert': what its outbox rows point at
    enabled    BOOLEAN     NOT NULL DEFAULT TRUE,
    created_at BIGINT      NOT NULL
);

-- one row per (sink, batch or alert) still to deliver, delivered, or parked as a dead letter
CREATE TABLE outbox (
    id         BIGSERIAL PRIMARY KEY,
    sink       VARCHAR(64)   NOT NULL,
    ref        VARCHAR(100)  NOT NULL,        -- 'serial/seq' or 'alert/<id>'
    serial     VARCHAR(64)   NOT NULL,
    seq        BIGINT,
    alert_id   BIGINT,
    state      VARCHAR(8)    NOT NULL,        -- pending, done, dead
    attempts   INTEGER       NOT NULL DEFAULT 0,
    next_at    BIGINT        NOT NULL,
    last_error VARCHAR(1000),
    created_at BIGINT        NOT NULL,
    updated_at BIGINT        NOT NULL,
    CONSTRAINT outbox_once UNIQUE (sink, ref)
);
CREATE INDEX outbox_due ON outbox (sink, state, next_at);

-- the hub's own call table (the 'cdr-table' sink): one row per captured line, parsed or flagged
CREATE TABLE cdr (
    serial       VARCHAR(64)   NOT NULL,
    seq          BIGINT        NOT NULL,
    line_no      INTEGER       NOT NULL,
    channel      VARCHAR(32)   NOT NULL,
    parser       VARCHAR(32)   NOT NULL,
    parse_error  VARCHAR(300),                -- null = parsed; the raw line is in batch_record either way
    call_start   BIGINT,
    duration_s   INTEGER,
    ring_s       INTEGER,
    direction    VARCHAR(10),
    caller       VARCHAR(64),
    called       VARCHAR(64),
    dialled      VARCHAR(64),
    extension    VARCHAR(64),
    trunk        VARCHAR(64),
    account_code VARCHAR(64),
    cost         DECIMAL(14, 4),
    call_id      VARCHAR(64),
    raw_line     TEXT          NOT NULL,
    PRIMARY KEY (serial, seq, line_no)
);
CREATE INDEX cdr_by_start ON cdr (serial, call_start);
CREATE INDEX cdr_by_extension ON cdr (serial, extension, call_start);

-- a batch whose alert rules ran (once, whichever node did it)
CREATE TABLE alert_evaluated (
    serial VARCHAR(64) NOT NULL,
    seq    BIGINT      NOT NULL,
    PRIMARY KEY (serial, seq)
);

-- one incident = one alert per hold-off window; repeats inside the window only count
CREATE TABLE alert_incident (
    incident_key VARCHAR(200) PRIMARY KEY,
    last_alert   BIGINT       NOT NULL,
    repeats      INTEGER      NOT NULL DEFAULT 0
);

CREATE TABLE alert (
    id           BIGSERIAL PRIMARY KEY,
    rule         VARCHAR(40)   NOT NULL,
    incident_key VARCHAR(200)  NOT NULL,
    serial       VARCHAR(64)   NOT NULL,
    seq          BIGINT,
    line_no      INTEGER,
    summary      VARCHAR(500)  NOT NULL,
    mail_to      VARCHAR(500),
    sms_to       VARCHAR(200),
    created_at   BIGINT        NOT NULL
);
CREATE INDEX alert_by_serial ON alert (serial, created_at);

-- the 'files' sink's journal: where in which daily file a batch's lines go, written before the file is, so a
-- retry after a crash can tell whether the append landed (the bytes at that offset) and never appends twice
CREATE TABLE file_delivery (
    serial    VARCHAR(64)  NOT NULL,
    seq       BIGINT       NOT NULL,
    file      VARCHAR(300) NOT NULL,
    at_offset BIGINT       NOT NULL,
    byte_count INTEGER     NOT NULL,
    PRIMARY KEY (serial, seq)
);
