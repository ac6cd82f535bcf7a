-- +goose Up
-- Reference data. Codes are primary keys and never change; records used by the ledger are disabled,
-- not deleted (the foreign keys from ledger_entries enforce it).
CREATE TABLE vat_codes (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    rate_bp     BIGINT NOT NULL CHECK (rate_bp BETWEEN 0 AND 10000),
    suspense    BOOLEAN NOT NULL DEFAULT FALSE,
    disabled    BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE UNIQUE INDEX vat_codes_one_suspense ON vat_codes (suspense) WHERE suspense AND NOT disabled;

CREATE TABLE check_digit_schemes (
    name                 TEXT PRIMARY KEY,
    type                 TEXT NOT NULL,
    modulus              BIGINT NOT NULL,
    weights              TEXT NOT NULL,
    source_substitution  TEXT NOT NULL,
    result_substitutions TEXT NOT NULL,
    subtract             BOOLEAN NOT NULL
);

CREATE TABLE reference_validators (
    code                TEXT PRIMARY KEY,
    name                TEXT NOT NULL,
    min_length          BIGINT NOT NULL,
    max_length          BIGINT NOT NULL,
    char_class          TEXT NOT NULL,
    regex               TEXT NOT NULL,
    input_mask          TEXT NOT NULL,
    check_digit_scheme  TEXT REFERENCES check_digit_schemes (name),
    must_exist          BOOLEAN NOT NULL
);

CREATE TABLE funds (
    code                TEXT PRIMARY KEY,
    name                TEXT NOT NULL,
    display_name        TEXT NOT NULL,
    vat_code            TEXT NOT NULL REFERENCES vat_codes (code),
    vat_override        BOOLEAN NOT NULL,
    max_amount          BIGINT,
    validator           TEXT REFERENCES reference_validators (code),
    account_must_exist  BOOLEAN NOT NULL,
    address_required    BOOLEAN NOT NULL,
    disabled            BOOLEAN NOT NULL,
    portal              BOOLEAN NOT NULL,
    portal_label        TEXT NOT NULL,
    portal_help         TEXT NOT NULL,
    reference_label     TEXT NOT NULL,
    cost_centre         TEXT NOT NULL,
    gl_code             TEXT NOT NULL,
    balance_sheet_code  TEXT NOT NULL,
    suspense            BOOLEAN NOT NULL,
    cash_return_default BOOLEAN NOT NULL,
    credit_notes        BOOLEAN NOT NULL,
    metadata            TEXT NOT NULL
);
CREATE UNIQUE INDEX funds_one_suspense ON funds (suspense) WHERE suspense;
CREATE UNIQUE INDEX funds_one_cash_return_default ON funds (cash_return_default) WHERE cash_return_default;

CREATE TABLE provider_accounts (
    name                  TEXT PRIMARY KEY,
    provider              TEXT NOT NULL,
    base_url              TEXT NOT NULL,
    api_key_sealed        TEXT NOT NULL,
    webhook_secret_sealed TEXT NOT NULL,
    disabled              BOOLEAN NOT NULL
);

CREATE TABLE mops (
    code              TEXT PRIMARY KEY,
    name              TEXT NOT NULL,
    kind              TEXT NOT NULL,
    min_amount        BIGINT,
    max_amount        BIGINT,
    disabled          BOOLEAN NOT NULL,
    refundable        BOOLEAN NOT NULL,
    incurs_fee        BOOLEAN NOT NULL,
    fee_treatment     TEXT NOT NULL,
    fee_fund          TEXT REFERENCES funds (code),
    fee_reference     TEXT NOT NULL,
    provider_account  TEXT REFERENCES provider_accounts (name),
    reversal          BOOLEAN NOT NULL,
    badge_colour      TEXT NOT NULL,
    badge_text_colour TEXT NOT NULL,
    metadata          TEXT NOT NULL
);

CREATE TABLE offices (
    code     TEXT PRIMARY KEY,
    name     TEXT NOT NULL,
    disabled BOOLEAN NOT NULL
);

CREATE TABLE fund_groups (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL
);
CREATE TABLE fund_group_funds (
    fund_group TEXT NOT NULL REFERENCES fund_groups (code) ON DELETE CASCADE,
    fund       TEXT NOT NULL REFERENCES funds (code),
    PRIMARY KEY (fund_group, fund)
);

CREATE TABLE fund_messages (
    fund TEXT NOT NULL REFERENCES funds (code),
    code TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (fund, code)
);

CREATE TABLE account_holders (
    fund          TEXT NOT NULL REFERENCES funds (code),
    reference     TEXT NOT NULL,
    name          TEXT NOT NULL,
    address       TEXT NOT NULL,
    postcode      TEXT NOT NULL,
    balance       BIGINT NOT NULL,
    stop_message  TEXT,
    updated_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (fund, reference),
    FOREIGN KEY (fund, stop_message) REFERENCES fund_messages (fund, code)
);

CREATE TABLE system_messages (
    id       BIGSERIAL PRIMARY KEY,
    severity TEXT NOT NULL,
    text     TEXT NOT NULL,
    public   BOOLEAN NOT NULL,
    starts   TIMESTAMPTZ NOT NULL,
    ends     TIMESTAMPTZ
);

CREATE TABLE organisation (
    id   BIGINT PRIMARY KEY CHECK (id = 1),
    body TEXT NOT NULL
);

CREATE TABLE metadata_keys (
    entity TEXT NOT NULL,
    key    TEXT NOT NULL,
    label  TEXT NOT NULL,
    PRIMARY KEY (entity, key)
);

-- Users, API clients.
CREATE TABLE users (
    id             BIGSERIAL PRIMARY KEY,
    email          TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    password_hash  TEXT NOT NULL,
    disabled       BOOLEAN NOT NULL,
    failed_logins  BIGINT NOT NULL DEFAULT 0,
    last_failure   TIMESTAMPTZ,
    last_login     TIMESTAMPTZ,
    created_at     TIMESTAMPTZ NOT NULL
);
CREATE TABLE user_roles (
    user_id BIGINT NOT NULL REFERENCES users (id),
    role    TEXT NOT NULL,
    PRIMARY KEY (user_id, role)
);
CREATE TABLE user_fund_groups (
    user_id    BIGINT NOT NULL REFERENCES users (id),
    fund_group TEXT NOT NULL REFERENCES fund_groups (code),
    PRIMARY KEY (user_id, fund_group)
);
CREATE TABLE user_mops (
    user_id BIGINT NOT NULL REFERENCES users (id),
    mop     TEXT NOT NULL REFERENCES mops (code),
    PRIMARY KEY (user_id, mop)
);

CREATE TABLE api_clients (
    id           BIGSERIAL PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE,
    token_prefix TEXT NOT NULL UNIQUE,
    token_hash   BYTEA NOT NULL,
    scopes       TEXT NOT NULL,
    ip_allow     TEXT NOT NULL,
    disabled     BOOLEAN NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL
);

-- Hash chains: one row per chain holds its length and head. Updating the row serialises writers of
-- that chain on both engines, which is what makes "previous hash" well defined.
CREATE TABLE chain_heads (
    name TEXT PRIMARY KEY,
    seq  BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO chain_heads (name, seq, hash) VALUES ('ledger', 0, ''), ('audit', 0, '');

-- The ledger. Posting ids are the chain sequence: gapless, so a deleted posting is detected.
CREATE TABLE postings (
    id             BIGINT PRIMARY KEY,
    kind           TEXT NOT NULL,
    receipt_number TEXT NOT NULL UNIQUE,
    source         TEXT NOT NULL,
    source_ref     TEXT NOT NULL,
    narrative      TEXT NOT NULL,
    actor          TEXT NOT NULL,
    office         TEXT REFERENCES offices (code),
    created_at     TIMESTAMPTZ NOT NULL,
    business_date  DATE NOT NULL,
    reverses       BIGINT REFERENCES postings (id),
    entry_count    BIGINT NOT NULL,
    total          BIGINT NOT NULL,
    prev_hash      TEXT NOT NULL,
    hash           TEXT NOT NULL
);

-- Fund, MOP, VAT code and office are not foreign keys: the ledger service checks each line against
-- the reference data before writing it, and per-row key checks would cost most of a bulk posting's
-- time. Deleting a code the ledger uses is refused by the reference data stores instead (in use:
-- disable it). The indexes below make those checks cheap.
CREATE TABLE ledger_entries (
    id               BIGSERIAL PRIMARY KEY,
    posting_id       BIGINT NOT NULL REFERENCES postings (id),
    line             BIGINT NOT NULL,
    kind             TEXT NOT NULL,
    fund             TEXT NOT NULL,
    reference        TEXT NOT NULL,
    mop              TEXT NOT NULL,
    amount           BIGINT NOT NULL,
    vat_code         TEXT NOT NULL,
    vat_rate_bp      BIGINT NOT NULL,
    vat_amount       BIGINT NOT NULL,
    narrative        TEXT NOT NULL,
    office           TEXT,
    transaction_time TIMESTAMPTZ NOT NULL,
    business_date    DATE NOT NULL,
    psp_payment_id   TEXT NOT NULL,
    psp_reference    TEXT NOT NULL,
    card_brand       TEXT NOT NULL,
    card_first6      TEXT NOT NULL,
    card_last4       TEXT NOT NULL,
    links_entry      BIGINT REFERENCES ledger_entries (id),
    UNIQUE (posting_id, line)
);
CREATE INDEX ledger_entries_reference ON ledger_entries (reference);
CREATE INDEX ledger_entries_fund_date ON ledger_entries (fund, business_date);
CREATE INDEX ledger_entries_mop ON ledger_entries (mop);
CREATE INDEX ledger_entries_links ON ledger_entries (links_entry) WHERE links_entry IS NOT NULL;

CREATE TABLE audit_events (
    id         BIGINT PRIMARY KEY,
    at         TIMESTAMPTZ NOT NULL,
    actor      TEXT NOT NULL,
    request_id TEXT NOT NULL,
    action     TEXT NOT NULL,
    entity     TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    before     TEXT NOT NULL,
    after      TEXT NOT NULL,
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL
);
CREATE INDEX audit_events_entity ON audit_events (entity, entity_id);

-- Append-only: the database itself refuses to change or remove ledger and audit rows.
-- +goose StatementBegin
CREATE FUNCTION ims_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER postings_append_only BEFORE UPDATE OR DELETE ON postings
    FOR EACH ROW EXECUTE FUNCTION ims_refuse_change();
CREATE TRIGGER postings_no_truncate BEFORE TRUNCATE ON postings
    FOR EACH STATEMENT EXECUTE FUNCTION ims_refuse_change();
CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION ims_refuse_change();
CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries
    FOR EACH STATEMENT EXECUTE FUNCTION ims_refuse_change();
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION ims_refuse_change();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION ims_refuse_change();

-- +goose Down
DROP TABLE audit_events, ledger_entries, postings, chain_heads, api_clients, user_mops, user_fund_groups,
    user_roles, users, metadata_keys, organisation, system_messages, account_holders, fund_messages,
    fund_group_funds, fund_groups, offices, mops, provider_accounts, funds, reference_validators,
    check_digit_schemes, vat_codes;
DROP FUNCTION ims_refuse_change();
