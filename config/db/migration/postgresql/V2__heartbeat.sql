-- heartbeat long-poll (PROTOCOL.md §4): the device's last interval and the last 200, oldest first, comma-separated
ALTER TABLE device ADD COLUMN heartbeat_last INTEGER;
ALTER TABLE device ADD COLUMN heartbeat_history VARCHAR(1200) NOT NULL DEFAULT '';
