-- +goose Up
-- An entry's link to the entry it takes back or moves (links_entry) is no longer a key the database
-- checks, as the entries' other keys are not (ADR 7, ADR 36): the ledger service sets it only from
-- an entry it has just read in the same transaction, `ims ledger verify` reports a link to an entry
-- that does not exist, and the key's check was queued for every row an import writes, a million
-- at 1M lines, though almost none has a link.
ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_links_entry_fkey;
-- A stored import file is compressed with LZ4 rather than PostgreSQL's own pglz, which took about a
-- tenth of a second of the server's time per 6 MB stored, each time a file is imported. A server
-- built without LZ4 keeps pglz: this is a matter of speed only.
-- +goose StatementBegin
DO $$
BEGIN
    EXECUTE 'ALTER TABLE import_file_chunks ALTER COLUMN data SET COMPRESSION lz4';
EXCEPTION WHEN feature_not_supported THEN
    NULL;
END
$$;
-- +goose StatementEnd

-- +goose Down
ALTER TABLE import_file_chunks ALTER COLUMN data SET COMPRESSION default;
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_links_entry_fkey FOREIGN KEY (links_entry)
    REFERENCES ledger_entries (id);
