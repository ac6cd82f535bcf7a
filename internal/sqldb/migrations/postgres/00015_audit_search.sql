-- +goose Up
-- The Auditor's search of the audit trail (newest first) by who acted, by action and by date reads
-- these instead of the whole trail.
CREATE INDEX audit_events_actor ON audit_events (actor, id);
CREATE INDEX audit_events_action ON audit_events (action, id);
CREATE INDEX audit_events_at ON audit_events (at);

-- +goose Down
DROP INDEX audit_events_at;
DROP INDEX audit_events_action;
DROP INDEX audit_events_actor;
