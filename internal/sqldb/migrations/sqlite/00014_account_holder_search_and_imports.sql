-- +goose Up
-- Account holder search (SPEC §1, issue 9). The keys are the searched fields folded by IMS in Go
-- (name and address lower-cased, postcode upper-cased without spaces) rather than by lower() in SQL,
-- because SQLite's lower() folds only ASCII: "ZOË" must be found as "zoë" on both engines. Rows
-- already stored are folded here once with lower(), which agrees with Go for ASCII text.
ALTER TABLE account_holders ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
ALTER TABLE account_holders ADD COLUMN address_key TEXT NOT NULL DEFAULT '';
ALTER TABLE account_holders ADD COLUMN postcode_key TEXT NOT NULL DEFAULT '';
UPDATE account_holders SET name_key = lower(name), address_key = lower(replace(address, char(10), ' ')),
    postcode_key = upper(replace(postcode, ' ', ''));
-- Prefix searches (reference, postcode) compare byte-wise (SQLite's BINARY collation), so these
-- indexes serve them. Text anywhere in a name or address has no index on SQLite: such a search
-- reads the table in key order and stops at the first page of matches.
CREATE INDEX account_holders_reference ON account_holders (reference);
CREATE INDEX account_holders_postcode_key ON account_holders (postcode_key);

CREATE TABLE account_holder_imports (
    id              INTEGER PRIMARY KEY,
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
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    finished_at     TIMESTAMP
);
CREATE UNIQUE INDEX account_holder_imports_idempotency ON account_holder_imports (api_client_id, idempotency_key);

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

CREATE TABLE account_holder_import_chunks (
    import_id BIGINT NOT NULL REFERENCES account_holder_imports (id) ON DELETE CASCADE,
    seq       BIGINT NOT NULL,
    data      BLOB NOT NULL,
    PRIMARY KEY (import_id, seq)
);

-- +goose Down
DROP TABLE account_holder_import_chunks;
DROP TABLE account_holder_import_lines;
DROP TABLE account_holder_imports;
DROP INDEX account_holders_postcode_key;
DROP INDEX account_holders_reference;
ALTER TABLE account_holders DROP COLUMN postcode_key;
ALTER TABLE account_holders DROP COLUMN address_key;
ALTER TABLE account_holders DROP COLUMN name_key;
