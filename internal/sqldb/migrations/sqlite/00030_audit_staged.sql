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

-- +goose Down
DROP TABLE audit_staged;
