-- redirect rules (PROTOCOL.md §6, §9; issue 6): the whole ordered list as one JSON document in one row, shared
-- by every hub node on this database. `version` goes up by one on every change; each node polls it (a primary-key
-- read of one number) and re-reads and compiles `rules` only when it moved. Times are epoch milliseconds (UTC).
CREATE TABLE redirect_rules (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    version    BIGINT  NOT NULL,
    rules      TEXT    NOT NULL,              -- the validated, normalised list: a JSON array
    updated_at BIGINT  NOT NULL
);
INSERT INTO redirect_rules (id, version, rules, updated_at) VALUES (1, 0, '[]', 0);
