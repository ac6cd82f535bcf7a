-- +goose Up
-- Export targets (ADR 33): the general ledger and the back-office systems IMS sends files to. The
-- funds, control codes and layout are JSON documents checked by ims.ExportTarget.Validate; the
-- store checks the funds exist.
CREATE TABLE export_targets (
    code            TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('journal', 'account_postings')),
    funds           TEXT NOT NULL,
    control_codes   TEXT NOT NULL,
    default_control TEXT NOT NULL,
    file_prefix     TEXT NOT NULL,
    layout          TEXT NOT NULL,
    disabled        BOOLEAN NOT NULL
);

-- A batch is one file written for a target, numbered from 1 per target. Its bytes are kept, so a
-- batch sent again is the same file whatever the layout has become since.
CREATE TABLE export_batches (
    id          TEXT PRIMARY KEY,
    target      TEXT NOT NULL REFERENCES export_targets (code),
    seq         BIGINT NOT NULL,
    first_posting BIGINT NOT NULL,
    last_posting  BIGINT NOT NULL,
    entries     BIGINT NOT NULL,
    lines       BIGINT NOT NULL,
    total       BIGINT NOT NULL,
    file_name   TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    content     BLOB NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    actor       TEXT NOT NULL,
    UNIQUE (target, seq)
);

-- Which postings each target's batches took: the key makes a posting exported at most once per
-- target, even when two instances export at the same moment. Posting ids are not foreign keys,
-- like the ledger's own codes (the ledger is append-only, so a posting never goes away).
CREATE TABLE export_postings (
    target     TEXT NOT NULL REFERENCES export_targets (code),
    posting_id BIGINT NOT NULL,
    batch      TEXT NOT NULL REFERENCES export_batches (id),
    PRIMARY KEY (target, posting_id)
);
CREATE INDEX export_postings_batch ON export_postings (batch);

-- +goose Down
DROP TABLE export_postings;
DROP TABLE export_batches;
DROP TABLE export_targets;
