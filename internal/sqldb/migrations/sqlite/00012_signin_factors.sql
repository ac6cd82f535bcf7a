-- +goose Up
-- Staff sign-in's second factor and single sign-on (issue 9): the TOTP secret sealed with
-- IMS_SECRET_KEY (it must be read back to check codes, so it cannot be hashed), the last accepted
-- time step (a code signs in once), the argon2id hashes of the unused recovery codes as a JSON list,
-- and the identity provider's key of the person (issuer and subject), bound at the first sign-in.
ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN totp_last_step BIGINT;
ALTER TABLE users ADD COLUMN recovery_codes TEXT;
ALTER TABLE users ADD COLUMN oidc_issuer TEXT;
ALTER TABLE users ADD COLUMN oidc_subject TEXT;
CREATE UNIQUE INDEX users_oidc_identity ON users (oidc_issuer, oidc_subject);

-- Settings an administrator changes in the back office, one JSON value per key, so later settings
-- need no migration of their own.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- +goose Down
DROP TABLE settings;
DROP INDEX users_oidc_identity;
ALTER TABLE users DROP COLUMN oidc_subject;
ALTER TABLE users DROP COLUMN oidc_issuer;
ALTER TABLE users DROP COLUMN recovery_codes;
ALTER TABLE users DROP COLUMN totp_last_step;
ALTER TABLE users DROP COLUMN totp_secret;
