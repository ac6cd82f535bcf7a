-- +goose Up
-- Indexes of the transaction search (ADR 28). Each search is ordered by a column and then the
-- entry's id, and pages continue from the last row shown, so each sort has an index on (column, id)
-- that a page reads from its cursor onwards; fund + business date, the commonest search, has its own.
-- References are matched exactly and by prefix: a prefix is a range of the C-collated (byte-ordered)
-- index, which the database's own collation (en_GB and the like) cannot give.
DROP INDEX ledger_entries_fund_date;
CREATE INDEX ledger_entries_fund_date ON ledger_entries (fund, business_date, id);
CREATE INDEX ledger_entries_date ON ledger_entries (business_date, id);
CREATE INDEX ledger_entries_reference_c ON ledger_entries ((reference COLLATE "C"), id);
CREATE INDEX ledger_entries_amount ON ledger_entries (amount, id);
CREATE INDEX ledger_entries_card_last4 ON ledger_entries (card_last4) WHERE card_last4 <> '';
CREATE INDEX postings_source_ref ON postings (source, source_ref);
CREATE INDEX postings_actor ON postings (actor);

-- +goose Down
DROP INDEX postings_actor;
DROP INDEX postings_source_ref;
DROP INDEX ledger_entries_card_last4;
DROP INDEX ledger_entries_amount;
DROP INDEX ledger_entries_reference_c;
DROP INDEX ledger_entries_date;
DROP INDEX ledger_entries_fund_date;
CREATE INDEX ledger_entries_fund_date ON ledger_entries (fund, business_date);
