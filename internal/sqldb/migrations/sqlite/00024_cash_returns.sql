-- +goose Up
-- Cash return templates (SPEC §9, ADR 32): reference data, one per site's cash-up sheet. Its lines
-- are rows so a fund or VAT code a template names cannot be deleted.
CREATE TABLE cash_return_templates (
    code          TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    office        TEXT NOT NULL REFERENCES offices (code),
    cash          BOOLEAN NOT NULL,
    cheque        BOOLEAN NOT NULL,
    card_terminal BOOLEAN NOT NULL,
    disabled      BOOLEAN NOT NULL
);
CREATE INDEX cash_return_templates_office ON cash_return_templates (office);

CREATE TABLE cash_return_template_lines (
    template             TEXT NOT NULL REFERENCES cash_return_templates (code) ON DELETE CASCADE,
    line                 INTEGER NOT NULL,
    fund                 TEXT REFERENCES funds (code),
    reference            TEXT NOT NULL,
    description          TEXT NOT NULL,
    vat_code             TEXT REFERENCES vat_codes (code),
    override_reference   BOOLEAN NOT NULL,
    override_description BOOLEAN NOT NULL,
    override_vat         BOOLEAN NOT NULL,
    PRIMARY KEY (template, line)
);
CREATE INDEX cash_return_template_lines_fund ON cash_return_template_lines (fund);
CREATE INDEX cash_return_template_lines_vat_code ON cash_return_template_lines (vat_code);

-- Which templates each member of staff may make returns from.
CREATE TABLE cash_return_template_users (
    user_id  BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    template TEXT NOT NULL REFERENCES cash_return_templates (code) ON DELETE CASCADE,
    PRIMARY KEY (user_id, template)
);
CREATE INDEX cash_return_template_users_template ON cash_return_template_users (template);

-- A return's lines, cash analysis and cheque list are read and written whole with the return and
-- never queried, so they are JSON text; its state and dates are columns the lists filter on.
CREATE TABLE cash_returns (
    id            INTEGER PRIMARY KEY,
    template      TEXT NOT NULL REFERENCES cash_return_templates (code),
    template_name TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('cash', 'cheque')),
    status        TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'authorised', 'deleted', 'voided')),
    office        TEXT NOT NULL REFERENCES offices (code),
    bag_number    TEXT NOT NULL,
    lines         TEXT NOT NULL,
    cash          TEXT NOT NULL,
    cheques       TEXT NOT NULL,
    created_by    TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    submitted_by  TEXT NOT NULL,
    submitted_at  TIMESTAMP,
    authorised_by TEXT NOT NULL,
    authorised_at TIMESTAMP,
    posting_id    BIGINT REFERENCES postings (id) DEFERRABLE INITIALLY DEFERRED,
    closed_by     TEXT NOT NULL,
    closed_at     TIMESTAMP,
    close_reason  TEXT NOT NULL
);
CREATE INDEX cash_returns_template ON cash_returns (template);
CREATE INDEX cash_returns_office ON cash_returns (office);
CREATE UNIQUE INDEX cash_returns_posting ON cash_returns (posting_id) WHERE posting_id IS NOT NULL;
CREATE INDEX cash_returns_status ON cash_returns (status, id);
CREATE INDEX cash_returns_created_at ON cash_returns (created_at);

CREATE TABLE cash_return_notes (
    id         INTEGER PRIMARY KEY,
    return_id  BIGINT NOT NULL REFERENCES cash_returns (id),
    text       TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX cash_return_notes_return ON cash_return_notes (return_id);

-- +goose Down
DROP TABLE cash_return_notes;
DROP TABLE cash_returns;
DROP TABLE cash_return_template_users;
DROP TABLE cash_return_template_lines;
DROP TABLE cash_return_templates;
