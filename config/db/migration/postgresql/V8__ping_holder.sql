-- where a device's heartbeat ping is held (PROTOCOL.md §4, and "pinging" in §9) when several hub nodes share the
-- database: the node and until when. A node that dies leaves a value that runs out by itself.
ALTER TABLE device ADD COLUMN ping_node VARCHAR(36);
ALTER TABLE device ADD COLUMN ping_until BIGINT;
