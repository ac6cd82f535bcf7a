-- +goose Up
-- A payment taken by a member of staff (ADR 31): how it was taken, by whom, the cheque's details,
-- and the form's idempotency key so a form sent twice records one payment. A cheque or post-room
-- payment is posted at once (posting_id); a card payment over the phone is a pending payment
-- (payment_id) that the provider's outcome posts.
CREATE TABLE staff_payments (
    receipt_number  TEXT PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('card', 'cheque', 'post')),
    payment_id      TEXT REFERENCES pending_payments (id),
    posting_id      BIGINT REFERENCES postings (id) DEFERRABLE INITIALLY DEFERRED,
    taken_by        BIGINT NOT NULL REFERENCES users (id),
    idempotency_key TEXT NOT NULL,
    cheque_number   TEXT NOT NULL DEFAULT '',
    drawer          TEXT NOT NULL DEFAULT '',
    sort_code       TEXT NOT NULL DEFAULT '',
    account_number  TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMPTZ NOT NULL,
    UNIQUE (taken_by, idempotency_key)
);
CREATE INDEX staff_payments_payment ON staff_payments (payment_id) WHERE payment_id IS NOT NULL;
CREATE INDEX staff_payments_posting ON staff_payments (posting_id) WHERE posting_id IS NOT NULL;

-- A line accepted despite its account's stop message, by a Finance user, with their reason.
CREATE TABLE staff_payment_overrides (
    receipt_number TEXT NOT NULL REFERENCES staff_payments (receipt_number),
    line           INTEGER NOT NULL,
    fund           TEXT NOT NULL,
    reference      TEXT NOT NULL,
    stop_message   TEXT NOT NULL,
    reason         TEXT NOT NULL,
    overridden_by  BIGINT NOT NULL REFERENCES users (id),
    PRIMARY KEY (receipt_number, line)
);
CREATE INDEX staff_payment_overrides_by ON staff_payment_overrides (overridden_by);

-- +goose Down
DROP TABLE staff_payment_overrides;
DROP TABLE staff_payments;
