-- +goose Up
-- Audit events written by a transaction that does not hold the chain heads (ADR 38): a card
-- payment's creation. Each is written in the same transaction as the change it records, and placed
-- in the audit hash chain later by a transaction that holds the heads anyway (the payment's outcome,
-- its closing, or the payment sweep), which moves it to audit_events and deletes it here.
CREATE TABLE audit_staged (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    at         TIMESTAMP NOT NULL,
    actor      TEXT NOT NULL,
    request_id TEXT NOT NULL,
    action     TEXT NOT NULL,
    entity     TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    before     TEXT NOT NULL,
    after      TEXT NOT NULL
);
CREATE INDEX audit_staged_entity ON audit_staged (entity, entity_id);

-- The version of what authenticating an API token reads (ADR 38): every change to an API client,
-- its fund groups or a fund group's funds adds one, in the transaction that makes it, so each
-- instance's cache of tokens (sqldb/apiclients_cache.go) sees a revoked token at the next request.
CREATE TABLE cache_versions (
    name    TEXT PRIMARY KEY,
    version BIGINT NOT NULL
);
INSERT INTO cache_versions (name, version) VALUES ('api_clients', 0);
-- +goose StatementBegin
CREATE TRIGGER api_clients_cache_version_insert AFTER INSERT ON api_clients
BEGIN
    UPDATE cache_versions SET version = version + 1 WHERE name = 'api_clients';
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER api_clients_cache_version_update AFTER UPDATE ON api_clients
BEGIN
    UPDATE cache_versions SET version = version + 1 WHERE name = 'api_clients';
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER api_clients_cache_version_delete AFTER DELETE ON api_clients
BEGIN
    UPDATE cache_versions SET version = version + 1 WHERE name = 'api_clients';
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER api_client_fund_groups_cache_version_insert AFTER INSERT ON api_client_fund_groups
BEGIN
    UPDATE cache_versions SET version = version + 1 WHERE name = 'api_clients';
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER api_client_fund_groups_cache_version_update AFTER UPDATE ON api_client_fund_groups
BEGIN
    UPDATE cache_versions SET version = version + 1 WHERE name = 'api_clients';
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER api_client_fund_groups_cache_version_delete AFTER DELETE ON api_client_fund_groups
BEGIN
    UPDATE cache_versions SET version = version + 1 WHERE name = 'api_clients';
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER fund_group_funds_cache_version_insert AFTER INSERT ON fund_group_funds
BEGIN
    UPDATE cache_versions SET version = version + 1 WHERE name = 'api_clients';
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER fund_group_funds_cache_version_update AFTER UPDATE ON fund_group_funds
BEGIN
    UPDATE cache_versions SET version = version + 1 WHERE name = 'api_clients';
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER fund_group_funds_cache_version_delete AFTER DELETE ON fund_group_funds
BEGIN
    UPDATE cache_versions SET version = version + 1 WHERE name = 'api_clients';
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER api_clients_cache_version_insert;
DROP TRIGGER api_clients_cache_version_update;
DROP TRIGGER api_clients_cache_version_delete;
DROP TRIGGER api_client_fund_groups_cache_version_insert;
DROP TRIGGER api_client_fund_groups_cache_version_update;
DROP TRIGGER api_client_fund_groups_cache_version_delete;
DROP TRIGGER fund_group_funds_cache_version_insert;
DROP TRIGGER fund_group_funds_cache_version_update;
DROP TRIGGER fund_group_funds_cache_version_delete;
DROP TABLE cache_versions;
DROP TABLE audit_staged;
