-- +goose Up
-- Indexes of the transaction search (ADR 28): see the PostgreSQL migration of this number. A SQLite
-- index holds the rowid (the entry's id) after its columns, so (column) here is (column, id) there,
-- and SQLite's default collation is already byte order, so the existing reference index serves the
-- prefix range.
CREATE INDEX ledger_entries_date ON ledger_entries (business_date);
CREATE INDEX ledger_entries_amount ON ledger_entries (amount);
CREATE INDEX ledger_entries_card_last4 ON ledger_entries (card_last4) WHERE card_last4 <> '';
CREATE INDEX postings_source_ref ON postings (source, source_ref);
CREATE INDEX postings_actor ON postings (actor);

-- +goose Down
DROP INDEX postings_actor;
DROP INDEX postings_source_ref;
DROP INDEX ledger_entries_card_last4;
DROP INDEX ledger_entries_amount;
DROP INDEX ledger_entries_date;
