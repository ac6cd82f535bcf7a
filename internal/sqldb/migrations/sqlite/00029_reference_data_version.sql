-- +goose Up
-- The version of the reference data a posting is checked against (ADR 37): every change to a fund,
-- a method of payment or a VAT code adds one to chain_heads 'reference_data', in the transaction
-- that makes it. The ledger writer reads the row with the chain heads at the start of each batch
-- and keeps the funds, MOPs and VAT codes it read for as long as the version stays the same, so a
-- change made by any instance (or by hand in SQL) is seen by every instance's next batch.
INSERT INTO chain_heads (name, seq, hash) VALUES ('reference_data', 0, '');
-- +goose StatementBegin
CREATE TRIGGER funds_reference_data_insert AFTER INSERT ON funds
BEGIN
    UPDATE chain_heads SET seq = seq + 1 WHERE name = 'reference_data';
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER funds_reference_data_update AFTER UPDATE ON funds
BEGIN
    UPDATE chain_heads SET seq = seq + 1 WHERE name = 'reference_data';
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER funds_reference_data_delete AFTER DELETE ON funds
BEGIN
    UPDATE chain_heads SET seq = seq + 1 WHERE name = 'reference_data';
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER mops_reference_data_insert AFTER INSERT ON mops
BEGIN
    UPDATE chain_heads SET seq = seq + 1 WHERE name = 'reference_data';
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER mops_reference_data_update AFTER UPDATE ON mops
BEGIN
    UPDATE chain_heads SET seq = seq + 1 WHERE name = 'reference_data';
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER mops_reference_data_delete AFTER DELETE ON mops
BEGIN
    UPDATE chain_heads SET seq = seq + 1 WHERE name = 'reference_data';
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER vat_codes_reference_data_insert AFTER INSERT ON vat_codes
BEGIN
    UPDATE chain_heads SET seq = seq + 1 WHERE name = 'reference_data';
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER vat_codes_reference_data_update AFTER UPDATE ON vat_codes
BEGIN
    UPDATE chain_heads SET seq = seq + 1 WHERE name = 'reference_data';
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER vat_codes_reference_data_delete AFTER DELETE ON vat_codes
BEGIN
    UPDATE chain_heads SET seq = seq + 1 WHERE name = 'reference_data';
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER funds_reference_data_insert;
DROP TRIGGER funds_reference_data_update;
DROP TRIGGER funds_reference_data_delete;
DROP TRIGGER mops_reference_data_insert;
DROP TRIGGER mops_reference_data_update;
DROP TRIGGER mops_reference_data_delete;
DROP TRIGGER vat_codes_reference_data_insert;
DROP TRIGGER vat_codes_reference_data_update;
DROP TRIGGER vat_codes_reference_data_delete;
DELETE FROM chain_heads WHERE name = 'reference_data';
