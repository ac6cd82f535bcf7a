-- +goose Up
-- PostgreSQL drops the key of ledger_entries.links_entry here and compresses stored import files
-- with LZ4 (see its 00031). SQLite keeps the key: removing a key means rebuilding the ledger's
-- largest table, and SQLite checks it cheaply as each row is written rather than queueing the
-- check. Nothing else changes.
SELECT 1;

-- +goose Down
SELECT 1;
