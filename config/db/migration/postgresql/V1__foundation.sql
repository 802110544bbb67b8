-- bufferhub schema, PostgreSQL flavour. Times are epoch milliseconds (UTC).
CREATE TABLE device (
    serial           VARCHAR(64)  PRIMARY KEY,
    name             VARCHAR(128),
    group_name       VARCHAR(128),
    enabled          BOOLEAN      NOT NULL DEFAULT TRUE,
    secret_hash      VARCHAR(200) NOT NULL,
    reported_name    VARCHAR(128),
    created_at       BIGINT       NOT NULL,
    updated_at       BIGINT       NOT NULL,
    last_seen        BIGINT,
    last_seq         BIGINT,
    buffer_used      DOUBLE PRECISION,
    lost_bytes_total BIGINT       NOT NULL DEFAULT 0
);

-- one row per stored batch; (serial, seq) is the idempotency key, committed with the bytes and records
CREATE TABLE batch (
    serial        VARCHAR(64)  NOT NULL,
    seq           BIGINT       NOT NULL,
    digest        CHAR(64)     NOT NULL,
    channel       VARCHAR(32)  NOT NULL,
    records       INTEGER      NOT NULL,
    byte_count    INTEGER      NOT NULL,
    content_type  VARCHAR(128) NOT NULL,
    captured_from BIGINT,
    captured_to   BIGINT,
    buffer_used   DOUBLE PRECISION,
    lost_bytes    BIGINT,
    received_at   BIGINT       NOT NULL,
    body          BYTEA        NOT NULL,
    PRIMARY KEY (serial, seq)
);
CREATE INDEX batch_by_received ON batch (serial, received_at);

-- one row per captured line, raw text always kept (parsing comes later and never replaces it)
CREATE TABLE batch_record (
    serial        VARCHAR(64) NOT NULL,
    seq           BIGINT      NOT NULL,
    line_no       INTEGER     NOT NULL,
    channel       VARCHAR(32) NOT NULL,
    raw_line      TEXT        NOT NULL,
    captured_from BIGINT,
    captured_to   BIGINT,
    PRIMARY KEY (serial, seq, line_no)
);

CREATE TABLE device_channel (
    serial  VARCHAR(64) NOT NULL,
    channel VARCHAR(32) NOT NULL,
    PRIMARY KEY (serial, channel)
);

-- seq ranges still missing; a row shrinks or disappears as the missing batches arrive
CREATE TABLE batch_gap (
    serial    VARCHAR(64) NOT NULL,
    from_seq  BIGINT      NOT NULL,
    to_seq    BIGINT      NOT NULL,
    opened_at BIGINT      NOT NULL,
    PRIMARY KEY (serial, from_seq)
);

-- what happened to a device (batch-gap opened/closed, bytes lost, …) for alerts and operators
CREATE TABLE device_event (
    id      BIGSERIAL    PRIMARY KEY,
    serial  VARCHAR(64)  NOT NULL,
    kind    VARCHAR(40)  NOT NULL,
    detail  VARCHAR(400) NOT NULL,
    at      BIGINT       NOT NULL
);
CREATE INDEX device_event_by_serial ON device_event (serial, at);
