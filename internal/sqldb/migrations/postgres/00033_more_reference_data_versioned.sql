-- +goose Up
-- Reference validators, check digit schemes and webhook subscribers advance the reference data
-- version too (migration 00029, ADR 37): what a card payment's creation checks its lines against
-- (validators, schemes) and what the ledger batch that posts it reads for its webhook events
-- (the enabled subscribers) is then kept across requests and batches while the version stays the
-- same, and a change made by any instance, or by hand in SQL, is seen at the next one.
CREATE TRIGGER reference_validators_reference_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON reference_validators
    FOR EACH STATEMENT EXECUTE FUNCTION ims_reference_data_changed();
CREATE TRIGGER check_digit_schemes_reference_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON check_digit_schemes
    FOR EACH STATEMENT EXECUTE FUNCTION ims_reference_data_changed();
CREATE TRIGGER webhook_subscribers_reference_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON webhook_subscribers
    FOR EACH STATEMENT EXECUTE FUNCTION ims_reference_data_changed();

-- +goose Down
DROP TRIGGER webhook_subscribers_reference_data_version ON webhook_subscribers;
DROP TRIGGER check_digit_schemes_reference_data_version ON check_digit_schemes;
DROP TRIGGER reference_validators_reference_data_version ON reference_validators;
