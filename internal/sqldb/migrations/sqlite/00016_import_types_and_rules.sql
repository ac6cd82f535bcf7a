-- +goose Up
-- Import types (SPEC §7.1, issue 10): how each kind of file a council receives is imported — its
-- format, the method of payment, office and fund its lines take by default, and the folder under
-- IMS_IMPORT_DIR watched for it. bank_csv_profile and drop_folder are blank when not used.
CREATE TABLE import_types (
    code             TEXT PRIMARY KEY,
    name             TEXT NOT NULL,
    format           TEXT NOT NULL,
    bank_csv_profile TEXT NOT NULL,
    default_mop      TEXT NOT NULL REFERENCES mops (code),
    default_office   TEXT NOT NULL REFERENCES offices (code),
    fund             TEXT REFERENCES funds (code),
    drop_folder      TEXT NOT NULL,
    disabled         BOOLEAN NOT NULL
);
CREATE INDEX import_types_default_mop ON import_types (default_mop);
CREATE INDEX import_types_default_office ON import_types (default_office);
CREATE INDEX import_types_fund ON import_types (fund);
-- Two import types watching one folder could not tell whose file arrived.
CREATE UNIQUE INDEX import_types_drop_folder ON import_types (drop_folder) WHERE drop_folder <> '';

-- An allpay import type's channel letter → method of payment, rows so a MOP in use cannot be deleted.
CREATE TABLE import_type_channels (
    import_type TEXT NOT NULL REFERENCES import_types (code) ON DELETE CASCADE,
    channel     TEXT NOT NULL,
    mop         TEXT NOT NULL REFERENCES mops (code),
    PRIMARY KEY (import_type, channel)
);
CREATE INDEX import_type_channels_mop ON import_type_channels (mop);

-- Import rules (SPEC §7.4). Their condition groups and actions are read and written whole, never
-- queried, so they are kept as JSON text; the import types a rule is limited to are rows, so an
-- import type a rule names cannot be deleted. No rows: the rule applies to every import type.
CREATE TABLE import_rules (
    code             TEXT PRIMARY KEY,
    name             TEXT NOT NULL,
    description      TEXT NOT NULL,
    enabled          BOOLEAN NOT NULL,
    run_order        BIGINT NOT NULL,
    condition_groups TEXT NOT NULL,
    actions          TEXT NOT NULL
);
CREATE INDEX import_rules_run_order ON import_rules (run_order, code);

CREATE TABLE import_rule_types (
    import_rule TEXT NOT NULL REFERENCES import_rules (code) ON DELETE CASCADE,
    import_type TEXT NOT NULL REFERENCES import_types (code),
    PRIMARY KEY (import_rule, import_type)
);
CREATE INDEX import_rule_types_import_type ON import_rule_types (import_type);

-- +goose Down
DROP TABLE import_rule_types;
DROP TABLE import_rules;
DROP TABLE import_type_channels;
DROP TABLE import_types;
