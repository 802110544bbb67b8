-- outbox retention (integrations.outbox.keepDoneHours): the housekeeping job finds delivered rows by age, and after
-- deleting a batch's last outbox row removes its files journal and alert-rules marker (both keyed by serial/seq).
-- A retired sink's undelivered rows are kept in state 'retired' (not claimed, not a backlog) until it is re-enabled.
CREATE INDEX outbox_by_age ON outbox (state, updated_at);
CREATE INDEX outbox_by_batch ON outbox (serial, seq);
