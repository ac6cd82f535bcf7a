-- +goose Up
-- Reference validators, check digit schemes and webhook subscribers advance the reference data
-- version too (migration 00029, ADR 37): what a card payment's creation checks its lines against
-- (validators, schemes) and what the ledger batch that posts it reads for its webhook events
-- (the enabled subscribers) is then kept across requests and batches while the version stays the
-- same, and a change made by any instance, or by hand in SQL, is seen at the next one.
-- +goose StatementBegin
CREATE TRIGGER reference_validators_reference_data_insert AFTER INSERT ON reference_validators
BEGIN
    UPDATE chain_heads SET seq = seq + 1 WHERE name = 'reference_data';
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER reference_validators_reference_data_update AFTER UPDATE ON reference_validators
BEGIN
    UPDATE chain_heads SET seq = seq + 1 WHERE name = 'reference_data';
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER reference_validators_reference_data_delete AFTER DELETE ON reference_validators
BEGIN
    UPDATE chain_heads SET seq = seq + 1 WHERE name = 'reference_data';
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER check_digit_schemes_reference_data_insert AFTER INSERT ON check_digit_schemes
BEGIN
    UPDATE chain_heads SET seq = seq + 1 WHERE name = 'reference_data';
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER check_digit_schemes_reference_data_update AFTER UPDATE ON check_digit_schemes
BEGIN
    UPDATE chain_heads SET seq = seq + 1 WHERE name = 'reference_data';
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER check_digit_schemes_reference_data_delete AFTER DELETE ON check_digit_schemes
BEGIN
    UPDATE chain_heads SET seq = seq + 1 WHERE name = 'reference_data';
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER webhook_subscribers_reference_data_insert AFTER INSERT ON webhook_subscribers
BEGIN
    UPDATE chain_heads SET seq = seq + 1 WHERE name = 'reference_data';
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER webhook_subscribers_reference_data_update AFTER UPDATE ON webhook_subscribers
BEGIN
    UPDATE chain_heads SET seq = seq + 1 WHERE name = 'reference_data';
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER webhook_subscribers_reference_data_delete AFTER DELETE ON webhook_subscribers
BEGIN
    UPDATE chain_heads SET seq = seq + 1 WHERE name = 'reference_data';
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER webhook_subscribers_reference_data_delete;
DROP TRIGGER webhook_subscribers_reference_data_update;
DROP TRIGGER webhook_subscribers_reference_data_insert;
DROP TRIGGER check_digit_schemes_reference_data_delete;
DROP TRIGGER check_digit_schemes_reference_data_update;
DROP TRIGGER check_digit_schemes_reference_data_insert;
DROP TRIGGER reference_validators_reference_data_delete;
DROP TRIGGER reference_validators_reference_data_update;
DROP TRIGGER reference_validators_reference_data_insert;
