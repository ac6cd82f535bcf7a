-- +goose Up
-- A pending payment is a basket handed to a card payment provider and not yet settled. Its state
-- moves only forward (created → in_progress → succeeded | failed | cancelled | expired), by
-- conditional UPDATEs, so whichever of the browser return, the webhook and the sweep arrives first
-- applies the outcome and the others find nothing to do.
CREATE TABLE pending_payments (
    id                  TEXT PRIMARY KEY,
    provider_account    TEXT NOT NULL REFERENCES provider_accounts (name),
    provider_payment_id TEXT,
    state               TEXT NOT NULL,
    source              TEXT NOT NULL,
    api_client_id       BIGINT REFERENCES api_clients (id),
    idempotency_key     TEXT,
    request_hash        TEXT NOT NULL,
    client_reference    TEXT NOT NULL,
    return_url          TEXT NOT NULL,
    return_token_hash   BYTEA NOT NULL,
    receipt_number      TEXT NOT NULL UNIQUE,
    mop                 TEXT NOT NULL REFERENCES mops (code),
    office              TEXT REFERENCES offices (code),
    language            TEXT NOT NULL,
    email               TEXT NOT NULL,
    payer_name          TEXT NOT NULL,
    payer_address       TEXT NOT NULL,
    payer_postcode      TEXT NOT NULL,
    narrative           TEXT NOT NULL,
    amount              BIGINT NOT NULL,
    next_url            TEXT NOT NULL,
    failure_code        TEXT NOT NULL,
    failure_message     TEXT NOT NULL,
    card_brand          TEXT NOT NULL,
    card_first6         TEXT NOT NULL,
    card_last4          TEXT NOT NULL,
    fee                 BIGINT,
    posting_id          BIGINT REFERENCES postings (id) DEFERRABLE INITIALLY DEFERRED,
    actor               TEXT NOT NULL,
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL,
    finished_at         TIMESTAMPTZ,
    UNIQUE (provider_account, provider_payment_id),
    UNIQUE (api_client_id, idempotency_key)
);
-- The portal's key for one attempt at paying one basket: a double click reaching two instances starts
-- one payment. (API clients' keys are unique per client above.)
CREATE UNIQUE INDEX pending_payments_portal_key ON pending_payments (idempotency_key)
    WHERE api_client_id IS NULL AND idempotency_key IS NOT NULL;
CREATE INDEX pending_payments_unfinished ON pending_payments (created_at) WHERE state IN ('created', 'in_progress');

CREATE TABLE pending_payment_lines (
    payment_id TEXT NOT NULL REFERENCES pending_payments (id),
    line       BIGINT NOT NULL,
    fund       TEXT NOT NULL REFERENCES funds (code),
    reference  TEXT NOT NULL,
    amount     BIGINT NOT NULL,
    vat_code   TEXT NOT NULL,
    narrative  TEXT NOT NULL,
    PRIMARY KEY (payment_id, line)
);

-- Emails wait here until sent (or, without SMTP, are only stored); every email is kept as its log.
CREATE TABLE email_outbox (
    id          BIGSERIAL PRIMARY KEY,
    to_address  TEXT NOT NULL,
    subject     TEXT NOT NULL,
    text_body   TEXT NOT NULL,
    html_body   TEXT NOT NULL,
    purpose     TEXT NOT NULL,
    purpose_ref TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    sent_at     TIMESTAMPTZ,
    attempts    BIGINT NOT NULL DEFAULT 0,
    last_error  TEXT NOT NULL DEFAULT '',
    claimed_until TIMESTAMPTZ,
    UNIQUE (purpose, purpose_ref)
);

-- +goose Down
DROP TABLE email_outbox;
DROP TABLE pending_payment_lines;
DROP TABLE pending_payments;
