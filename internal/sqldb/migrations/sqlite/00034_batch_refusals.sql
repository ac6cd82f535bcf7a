-- +goose Up
-- PostgreSQL's migration 00034 adds the function a ledger batch written as one statement calls to
-- undo itself. SQLite's batches run in a transaction of their own under the database's write lock
-- and check between their write and their commit, so it has nothing to add; the migration keeps
-- both engines' versions in step.
SELECT 1;

-- +goose Down
SELECT 1;
