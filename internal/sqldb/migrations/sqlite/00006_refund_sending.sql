-- +goose Up
-- A refund is sent to its provider at most once. Before the request leaves, the refund moves from
-- pending to sending (sent_at is when); only that move entitles anyone to send it. A refund whose
-- answer was lost stays sending until the provider's list of refunds says what became of it, and
-- one IMS gave up on (given_up_at) can still be posted if the provider later reports it succeeded.
ALTER TABLE refunds ADD COLUMN sent_at TIMESTAMP;
ALTER TABLE refunds ADD COLUMN given_up_at TIMESTAMP;

-- One refund of a payment is in flight at a time, so a refund the provider reports can always be
-- matched to the IMS refund that asked for it, and the amount IMS expects to be left is right.
CREATE UNIQUE INDEX refunds_one_sending ON refunds (payment_id) WHERE state = 'sending';

DROP INDEX refunds_unfinished;
CREATE INDEX refunds_unfinished ON refunds (created_at) WHERE state IN ('pending', 'sending', 'submitted');

-- A refund the provider holds that no IMS refund asked for (made in the provider's own admin tool,
-- say): recorded for a person to look into, never posted by itself.
CREATE TABLE unmatched_provider_refunds (
    payment_id          TEXT NOT NULL REFERENCES pending_payments (id),
    provider_refund_id  TEXT NOT NULL,
    amount              BIGINT NOT NULL,
    status              TEXT NOT NULL,
    provider_created_at TIMESTAMP,
    found_at            TIMESTAMP NOT NULL,
    PRIMARY KEY (payment_id, provider_refund_id)
);

-- +goose Down
DROP TABLE unmatched_provider_refunds;
DROP INDEX refunds_unfinished;
CREATE INDEX refunds_unfinished ON refunds (created_at) WHERE state IN ('pending', 'submitted');
DROP INDEX refunds_one_sending;
ALTER TABLE refunds DROP COLUMN given_up_at;
ALTER TABLE refunds DROP COLUMN sent_at;
