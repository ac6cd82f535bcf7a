-- +goose Up
-- Funds carry the Welsh of what payers read (the portal is in English and Welsh), and a stop message
-- carries a text for the public apart from the staff's, which may name enforcement agents or
-- insolvency and must never reach a payer. '' means "not given": the English, or for a stop message
-- the neutral sentence, is shown instead (ims/welsh.go).
ALTER TABLE funds ADD COLUMN name_cy TEXT NOT NULL DEFAULT '';
ALTER TABLE funds ADD COLUMN portal_label_cy TEXT NOT NULL DEFAULT '';
ALTER TABLE funds ADD COLUMN portal_help_cy TEXT NOT NULL DEFAULT '';
ALTER TABLE funds ADD COLUMN reference_label_cy TEXT NOT NULL DEFAULT '';
ALTER TABLE fund_messages ADD COLUMN text_public TEXT NOT NULL DEFAULT '';
ALTER TABLE fund_messages ADD COLUMN text_public_cy TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE fund_messages DROP COLUMN text_public_cy;
ALTER TABLE fund_messages DROP COLUMN text_public;
ALTER TABLE funds DROP COLUMN reference_label_cy;
ALTER TABLE funds DROP COLUMN portal_help_cy;
ALTER TABLE funds DROP COLUMN portal_label_cy;
ALTER TABLE funds DROP COLUMN name_cy;
