-- +goose Up
-- The version of the reference data a posting is checked against (ADR 37): every change to a fund,
-- a method of payment or a VAT code adds one to chain_heads 'reference_data', in the transaction
-- that makes it. The ledger writer reads the row with the chain heads at the start of each batch
-- and keeps the funds, MOPs and VAT codes it read for as long as the version stays the same, so a
-- change made by any instance (or by hand in SQL) is seen by every instance's next batch.
INSERT INTO chain_heads (name, seq, hash) VALUES ('reference_data', 0, '');
-- +goose StatementBegin
CREATE FUNCTION ims_reference_data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE chain_heads SET seq = seq + 1 WHERE name = 'reference_data';
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER funds_reference_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON funds
    FOR EACH STATEMENT EXECUTE FUNCTION ims_reference_data_changed();
CREATE TRIGGER mops_reference_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON mops
    FOR EACH STATEMENT EXECUTE FUNCTION ims_reference_data_changed();
CREATE TRIGGER vat_codes_reference_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON vat_codes
    FOR EACH STATEMENT EXECUTE FUNCTION ims_reference_data_changed();

-- +goose Down
DROP TRIGGER vat_codes_reference_data_version ON vat_codes;
DROP TRIGGER mops_reference_data_version ON mops;
DROP TRIGGER funds_reference_data_version ON funds;
DROP FUNCTION ims_reference_data_changed();
DELETE FROM chain_heads WHERE name = 'reference_data';
