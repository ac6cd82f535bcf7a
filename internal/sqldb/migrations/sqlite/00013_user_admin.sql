-- +goose Up
-- API clients may be given fund groups, as users are (SPEC §12): a client with none sees every
-- fund, a client with some sees only theirs.
CREATE TABLE api_client_fund_groups (
    api_client_id BIGINT NOT NULL REFERENCES api_clients (id),
    fund_group    TEXT NOT NULL REFERENCES fund_groups (code),
    PRIMARY KEY (api_client_id, fund_group)
);
CREATE INDEX api_client_fund_groups_fund_group ON api_client_fund_groups (fund_group);

-- Invitations (and password reset links): a staff user chooses their password through a link
-- emailed to them. Only the hash of the link's token is kept, so a copy of the database lets
-- nobody in; a link is used once (used_at) and expires.
CREATE TABLE user_invitations (
    id         INTEGER PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id),
    token_hash BLOB NOT NULL UNIQUE,
    purpose    TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at    TIMESTAMP
);
CREATE INDEX user_invitations_user_id ON user_invitations (user_id);

-- +goose Down
DROP TABLE user_invitations;
DROP TABLE api_client_fund_groups;
