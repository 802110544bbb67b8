-- H2 keeps BLOB/CLOB values above a few hundred bytes in a separate LOB store, and a `kill -9` during a commit
-- was seen to recover a batch's records without its batch row (KillNineH2IT). Plain VARBINARY/VARCHAR values
-- live in the row itself and share the row's transaction. 16 MiB covers the 8 MiB body limit.
ALTER TABLE batch ALTER COLUMN body SET DATA TYPE VARBINARY(16777216);
ALTER TABLE batch_record ALTER COLUMN raw_line SET DATA TYPE VARCHAR(16777216);
ALTER TABLE update_item ALTER COLUMN payload SET DATA TYPE VARBINARY(16777216);
ALTER TABLE diagnostics ALTER COLUMN body SET DATA TYPE VARBINARY(16777216);
