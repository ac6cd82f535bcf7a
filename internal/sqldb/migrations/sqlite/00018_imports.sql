-- +goose Up
-- A payment or bank file read into the ledger (SPEC §7.3, ADR 25). The whole import is one posting
-- (posting_id), written in the same transaction that sets state to posted, so an import is posted
-- wholly or not at all; a reversal is one more posting (reversal_posting_id). The totals are the
-- lines by outcome. Who started it is kept as the audit trail keeps it (actor) and as the principal
-- its background job acts as (principal, JSON). sha256 finds the same file imported before.
CREATE TABLE imports (
    id                  INTEGER PRIMARY KEY,
    import_type         TEXT NOT NULL,
    source              TEXT NOT NULL,
    file_name           TEXT NOT NULL,
    sha256              TEXT NOT NULL,
    size_bytes          BIGINT NOT NULL,
    state               TEXT NOT NULL,
    message             TEXT NOT NULL,
    problems            TEXT NOT NULL,
    rows_total          BIGINT NOT NULL,
    rows_done           BIGINT NOT NULL,
    lines               BIGINT NOT NULL,
    value               BIGINT NOT NULL,
    ledger_count        BIGINT NOT NULL,
    ledger_pence        BIGINT NOT NULL,
    suspense_count      BIGINT NOT NULL,
    suspense_pence      BIGINT NOT NULL,
    skipped_count       BIGINT NOT NULL,
    skipped_pence       BIGINT NOT NULL,
    debit_count         BIGINT NOT NULL,
    debit_pence         BIGINT NOT NULL,
    not_posted          BIGINT NOT NULL,
    held_count          BIGINT NOT NULL,
    held_pence          BIGINT NOT NULL,
    posting_id          BIGINT REFERENCES postings (id) DEFERRABLE INITIALLY DEFERRED,
    reversal_posting_id BIGINT REFERENCES postings (id) DEFERRABLE INITIALLY DEFERRED,
    duplicate_of        BIGINT REFERENCES imports (id),
    forced_reason       TEXT NOT NULL,
    actor               TEXT NOT NULL,
    actor_name          TEXT NOT NULL,
    principal           TEXT NOT NULL,
    api_client_id       BIGINT,
    idempotency_key     TEXT,
    request_hash        TEXT NOT NULL,
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL,
    finished_at         TIMESTAMP
);
CREATE UNIQUE INDEX imports_idempotency ON imports (api_client_id, idempotency_key);
CREATE INDEX imports_sha256 ON imports (sha256);
CREATE INDEX imports_posting ON imports (posting_id);
CREATE INDEX imports_reversal_posting ON imports (reversal_posting_id);
CREATE INDEX imports_duplicate_of ON imports (duplicate_of);

-- The lines of an import that did not simply go to the ledger: to suspense, skipped, debits, not
-- posted, held, and any line a rule changed (changes and notes as JSON). A line posted unchanged is
-- its ledger entry (line entry_line of the import's posting); keeping a second copy of a million of
-- them would double the import's writes for nothing.
CREATE TABLE import_lines (
    import_id        BIGINT NOT NULL REFERENCES imports (id),
    n                BIGINT NOT NULL,
    statement        BIGINT NOT NULL,
    file_line        BIGINT NOT NULL,
    line_date        TEXT NOT NULL,
    fund             TEXT NOT NULL,
    reference        TEXT NOT NULL,
    mop              TEXT NOT NULL,
    office           TEXT NOT NULL,
    narrative        TEXT NOT NULL,
    bank_reference   TEXT NOT NULL,
    channel          TEXT NOT NULL,
    currency         TEXT NOT NULL,
    pence            BIGINT NOT NULL,
    outcome          TEXT NOT NULL,
    reason           TEXT NOT NULL,
    rule             TEXT NOT NULL,
    changes          TEXT NOT NULL,
    entry_line       BIGINT,
    suspense_item_id BIGINT REFERENCES suspense_items (id),
    PRIMARY KEY (import_id, n)
);
CREATE INDEX import_lines_outcome ON import_lines (import_id, outcome, n);
CREATE INDEX import_lines_suspense_item ON import_lines (suspense_item_id);

-- The file itself, in pieces, kept with its import: any instance's job reads it back one piece at
-- a time, the rule tester re-reads a past import, and an auditor can see exactly what was posted.
CREATE TABLE import_file_chunks (
    import_id BIGINT NOT NULL REFERENCES imports (id),
    seq       BIGINT NOT NULL,
    data      BLOB NOT NULL,
    PRIMARY KEY (import_id, seq)
);

-- +goose Down
DROP TABLE import_file_chunks;
DROP TABLE import_lines;
DROP TABLE imports;
