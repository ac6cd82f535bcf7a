-- +goose Up
-- A journal or transfer (ADR 29) is one zero-sum posting; this row keeps who made it, why, the
-- idempotency key it was asked with, and, once undone, the posting that undid it. What is still
-- available on a line is computed from the entries that link to it, never stored.
CREATE TABLE journals (
    id              BIGSERIAL PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('journal', 'transfer')),
    reason          TEXT NOT NULL,
    amount          BIGINT NOT NULL CHECK (amount > 0),
    posting_id      BIGINT NOT NULL REFERENCES postings (id) DEFERRABLE INITIALLY DEFERRED,
    created_by      TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    idempotency_key TEXT,
    request_hash    TEXT NOT NULL,
    undo_posting_id BIGINT REFERENCES postings (id) DEFERRABLE INITIALLY DEFERRED,
    undone_by       TEXT,
    undone_at       TIMESTAMPTZ,
    undo_key        TEXT,
    UNIQUE (created_by, idempotency_key)
);
CREATE INDEX journals_posting ON journals (posting_id);
CREATE INDEX journals_undo_posting ON journals (undo_posting_id) WHERE undo_posting_id IS NOT NULL;

-- +goose Down
DROP TABLE journals;
