-- +goose Up
-- A payment recorded but not yet accepted by the provider (IMS stopped between the two steps, or
-- the provider's answer was lost) keeps its return link's token here, so that the caller's retry
-- with the same Idempotency-Key can send the provider the identical request again, which the
-- provider's own idempotency answers with the payment it may already hold, never a second one. The
-- token is cleared once the provider has the payment or the payment is closed; from then on only
-- its hash (return_token_hash) is kept.
ALTER TABLE pending_payments ADD COLUMN unstarted_return_token TEXT;

-- +goose Down
ALTER TABLE pending_payments DROP COLUMN unstarted_return_token;
