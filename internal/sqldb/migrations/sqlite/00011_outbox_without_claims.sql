-- +goose Up
-- Each email is sent by a River job (ADR 13), which one worker of one instance runs: the outbox no
-- longer takes claims.
ALTER TABLE email_outbox DROP COLUMN claimed_until;

-- +goose Down
ALTER TABLE email_outbox ADD COLUMN claimed_until TIMESTAMP;
