-- +goose Up
-- The outbox keeps what an email is rendered from (for a receipt, the JSON of an ims.Receipt, which
-- names the payer's language), not its text: package mail renders it when it is sent (ADR 12).
ALTER TABLE email_outbox ADD COLUMN payload TEXT NOT NULL DEFAULT '';
-- An email queued before this change and never sent has nothing to render it from: it is left, as
-- given up, with the reason, in the outbox that is every email's log.
UPDATE email_outbox SET attempts = 10, last_error = 'queued before emails were rendered when sent: not sent'
    WHERE sent_at IS NULL;
ALTER TABLE email_outbox DROP COLUMN subject;
ALTER TABLE email_outbox DROP COLUMN text_body;
ALTER TABLE email_outbox DROP COLUMN html_body;

-- +goose Down
ALTER TABLE email_outbox ADD COLUMN subject TEXT NOT NULL DEFAULT '';
ALTER TABLE email_outbox ADD COLUMN text_body TEXT NOT NULL DEFAULT '';
ALTER TABLE email_outbox ADD COLUMN html_body TEXT NOT NULL DEFAULT '';
ALTER TABLE email_outbox DROP COLUMN payload;
