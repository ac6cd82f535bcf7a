-- +goose Up
-- The PostgreSQL migration of this number lets a streamed import posting (ADR 27) check the
-- ledger entries' key to their posting at commit. SQLite defers every foreign key check of one
-- transaction with PRAGMA defer_foreign_keys, so its schema does not change.
SELECT 1;

-- +goose Down
SELECT 1;
