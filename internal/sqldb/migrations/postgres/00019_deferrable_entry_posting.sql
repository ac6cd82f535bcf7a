-- +goose Up
-- A streamed import posting (ADR 27) writes its ledger entries before its postings row: the row
-- carries the posting's hash, entry count and total, known only once the last entry is written,
-- and postings are append-only. The entries' key to their posting may therefore be checked at
-- commit instead of at each row; it stays checked at each row (INITIALLY IMMEDIATE) for every
-- other transaction, which does not ask otherwise (SET CONSTRAINTS … DEFERRED).
ALTER TABLE ledger_entries ALTER CONSTRAINT ledger_entries_posting_id_fkey DEFERRABLE INITIALLY IMMEDIATE;

-- +goose Down
ALTER TABLE ledger_entries ALTER CONSTRAINT ledger_entries_posting_id_fkey NOT DEFERRABLE;
