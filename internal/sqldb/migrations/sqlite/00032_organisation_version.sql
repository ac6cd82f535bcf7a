-- +goose Up
-- A change to the organisation (the council's name and VAT number on receipts) advances the
-- reference data version too (migration 00029, ADR 37), so the ledger writer keeps it across
-- batches: a card payment's receipt is composed inside the batch that holds the chain heads.
-- +goose StatementBegin
CREATE TRIGGER organisation_reference_data_insert AFTER INSERT ON organisation
BEGIN
    UPDATE chain_heads SET seq = seq + 1 WHERE name = 'reference_data';
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER organisation_reference_data_update AFTER UPDATE ON organisation
BEGIN
    UPDATE chain_heads SET seq = seq + 1 WHERE name = 'reference_data';
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER organisation_reference_data_delete AFTER DELETE ON organisation
BEGIN
    UPDATE chain_heads SET seq = seq + 1 WHERE name = 'reference_data';
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER organisation_reference_data_delete;
DROP TRIGGER organisation_reference_data_update;
DROP TRIGGER organisation_reference_data_insert;
