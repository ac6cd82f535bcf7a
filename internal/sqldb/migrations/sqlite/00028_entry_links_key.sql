-- +goose Up
-- PostgreSQL drops the key of ledger_entries.links_entry here (see its 00028). SQLite keeps it:
-- removing a key means rebuilding the ledger's largest table, and SQLite checks it cheaply as each
-- row is written rather than queueing the check.
SELECT 1;

-- +goose Down
SELECT 1;
