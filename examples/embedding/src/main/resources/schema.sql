-- the application's own table; run by Spring Boot at start (spring.sql.init.mode)
CREATE TABLE IF NOT EXISTS call_log (
    source      VARCHAR(255) NOT NULL,
    line_no     INT          NOT NULL,
    channel     VARCHAR(32),
    raw_line    VARCHAR(4096),
    parser      VARCHAR(16)  NOT NULL,
    parse_error VARCHAR(300),
    call_start  TIMESTAMP WITH TIME ZONE,
    duration_s  INT,
    direction   VARCHAR(8),
    extension   VARCHAR(64),
    dialled     VARCHAR(64),
    alerts      VARCHAR(200),
    PRIMARY KEY (source, line_no)
);
