-- toll-fraud burst rule: only the candidate calls (international or premium), so a burst is counted with one indexed
-- query instead of re-reading the device's recent batches; rows older than a day are pruned by the rule itself
CREATE TABLE fraud_call (
    serial     VARCHAR(64) NOT NULL,
    seq        BIGINT      NOT NULL,
    line_no    INTEGER     NOT NULL,
    extension  VARCHAR(64) NOT NULL,
    call_start BIGINT      NOT NULL,
    PRIMARY KEY (serial, seq, line_no)
);
CREATE INDEX fraud_call_window ON fraud_call (serial, extension, call_start);
