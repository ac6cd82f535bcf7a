-- +goose Up
-- A refund returns money of a succeeded card payment through its provider. Like a pending payment
-- its state only moves forward, by conditional UPDATEs, so a confirmation that arrives twice (the
-- provider's answer, a webhook, the sweep) posts the negative entries once.
CREATE TABLE refunds (
    id                 TEXT PRIMARY KEY,
    payment_id         TEXT NOT NULL REFERENCES pending_payments (id),
    provider_refund_id TEXT,
    state              TEXT NOT NULL,
    amount             BIGINT NOT NULL CHECK (amount > 0),
    reason             TEXT NOT NULL,
    requested_by       TEXT NOT NULL,
    approved_by        TEXT NOT NULL,
    idempotency_key    TEXT NOT NULL,
    request_hash       TEXT NOT NULL,
    failure_message    TEXT NOT NULL,
    posting_id         BIGINT REFERENCES postings (id) DEFERRABLE INITIALLY DEFERRED,
    created_at         TIMESTAMPTZ NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL,
    finished_at        TIMESTAMPTZ,
    UNIQUE (requested_by, idempotency_key),
    UNIQUE (payment_id, provider_refund_id)
);
CREATE INDEX refunds_unfinished ON refunds (created_at) WHERE state IN ('pending', 'submitted');

CREATE TABLE refund_lines (
    refund_id TEXT NOT NULL REFERENCES refunds (id),
    entry_id  BIGINT NOT NULL REFERENCES ledger_entries (id),
    amount    BIGINT NOT NULL CHECK (amount > 0),
    PRIMARY KEY (refund_id, entry_id)
);
CREATE INDEX refund_lines_entry ON refund_lines (entry_id);

-- +goose Down
DROP TABLE refund_lines;
DROP TABLE refunds;
