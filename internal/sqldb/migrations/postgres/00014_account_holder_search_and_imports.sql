-- +goose Up
-- Account holder search (SPEC §1, issue 9). The keys are the searched fields folded by IMS in Go
-- (name and address lower-cased, postcode upper-cased without spaces) rather than by lower() in SQL,
-- because SQLite's lower() folds only ASCII: "ZOË" must be found as "zoë" on both engines. Rows
-- already stored are folded here once with lower(), which agrees with Go for what they hold.
ALTER TABLE account_holders ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
ALTER TABLE account_holders ADD COLUMN address_key TEXT NOT NULL DEFAULT '';
ALTER TABLE account_holders ADD COLUMN postcode_key TEXT NOT NULL DEFAULT '';
UPDATE account_holders SET name_key = lower(name), address_key = lower(replace(address, chr(10), ' ')),
    postcode_key = upper(replace(postcode, ' ', ''));
-- Prefix searches (reference, postcode) compare byte-wise, so their indexes use the C collation
-- whatever the database's; name and address are searched for text anywhere in them ("smith" finds
-- "Mrs A Smith"), which only a trigram index serves without reading every row.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX account_holders_reference ON account_holders ((reference COLLATE "C"));
CREATE INDEX account_holders_postcode_key ON account_holders ((postcode_key COLLATE "C"));
CREATE INDEX account_holders_name_key ON account_holders USING gin (name_key gin_trgm_ops);
CREATE INDEX account_holders_address_key ON account_holders USING gin (address_key gin_trgm_ops);

-- One bulk load of account holders (a file uploaded or given to the CLI, or a bulk API call), with
-- its progress and counts, so staff can follow a long import and see what happened afterwards.
-- Who started it is kept as the audit trail keeps it (actor) and as the principal its background
-- job acts as (principal, JSON), without a foreign key: the record outlives users and clients.
-- api_client_id and idempotency_key make a retried bulk API request return its first answer.
CREATE TABLE account_holder_imports (
    id              BIGSERIAL PRIMARY KEY,
    source          TEXT NOT NULL,
    file_name       TEXT NOT NULL,
    sha256          TEXT NOT NULL,
    size_bytes      BIGINT NOT NULL,
    state           TEXT NOT NULL,
    message         TEXT NOT NULL,
    rows_total      BIGINT NOT NULL,
    rows_done       BIGINT NOT NULL,
    created         BIGINT NOT NULL,
    updated         BIGINT NOT NULL,
    unchanged       BIGINT NOT NULL,
    refused         BIGINT NOT NULL,
    actor           TEXT NOT NULL,
    actor_name      TEXT NOT NULL,
    principal       TEXT NOT NULL,
    api_client_id   BIGINT,
    idempotency_key TEXT,
    request_hash    TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    finished_at     TIMESTAMPTZ
);
CREATE UNIQUE INDEX account_holder_imports_idempotency ON account_holder_imports (api_client_id, idempotency_key);

-- The outcome of each line of an import.
CREATE TABLE account_holder_import_lines (
    import_id BIGINT NOT NULL REFERENCES account_holder_imports (id) ON DELETE CASCADE,
    line      BIGINT NOT NULL,
    fund      TEXT NOT NULL,
    reference TEXT NOT NULL,
    outcome   TEXT NOT NULL,
    reason    TEXT NOT NULL,
    PRIMARY KEY (import_id, line)
);
CREATE INDEX account_holder_import_lines_outcome ON account_holder_import_lines (import_id, outcome, line);

-- An uploaded file waiting for (or being read by) its background job, in pieces, so that any
-- instance's worker can read it back one piece at a time. Removed when the import finishes.
CREATE TABLE account_holder_import_chunks (
    import_id BIGINT NOT NULL REFERENCES account_holder_imports (id) ON DELETE CASCADE,
    seq       BIGINT NOT NULL,
    data      BYTEA NOT NULL,
    PRIMARY KEY (import_id, seq)
);

-- +goose Down
DROP TABLE account_holder_import_chunks;
DROP TABLE account_holder_import_lines;
DROP TABLE account_holder_imports;
DROP INDEX account_holders_address_key;
DROP INDEX account_holders_name_key;
DROP INDEX account_holders_postcode_key;
DROP INDEX account_holders_reference;
ALTER TABLE account_holders DROP COLUMN postcode_key;
ALTER TABLE account_holders DROP COLUMN address_key;
ALTER TABLE account_holders DROP COLUMN name_key;
