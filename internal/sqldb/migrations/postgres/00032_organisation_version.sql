-- +goose Up
-- A change to the organisation (the council's name and VAT number on receipts) advances the
-- reference data version too (migration 00029, ADR 37), so the ledger writer keeps it across
-- batches: a card payment's receipt is composed inside the batch that holds the chain heads.
CREATE TRIGGER organisation_reference_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON organisation
    FOR EACH STATEMENT EXECUTE FUNCTION ims_reference_data_changed();

-- +goose Down
DROP TRIGGER organisation_reference_data_version ON organisation;
