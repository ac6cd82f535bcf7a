-- +goose Up
-- A card payment's references to reference data (its provider account, API client, method of
-- payment, office, and each line's fund) are no longer keys the database checks, as the ledger's
-- entries' are not (ADR 7; ADR 38, "a payment's creation takes no row locks"). Each key's check
-- locked the referenced row FOR KEY SHARE: every payment being created locked the same provider
-- account, MOP and fund rows, and with eight payers at once each lock made PostgreSQL build a new
-- multixact and write the lock to the WAL. The payment service checks each code before it records
-- the payment, the reference data stores refuse to delete a code a payment uses (their in-use
-- checks read these columns, by the indexes below), and a code deleted between the check and the
-- record would send the payment's money to suspense when it is posted, never lose it. A line's
-- key to its payment, and a payment's to its posting, stay.
ALTER TABLE pending_payments
    DROP CONSTRAINT pending_payments_provider_account_fkey,
    DROP CONSTRAINT pending_payments_api_client_id_fkey,
    DROP CONSTRAINT pending_payments_mop_fkey,
    DROP CONSTRAINT pending_payments_office_fkey;
ALTER TABLE pending_payment_lines DROP CONSTRAINT pending_payment_lines_fund_fkey;

-- +goose Down
ALTER TABLE pending_payment_lines ADD CONSTRAINT pending_payment_lines_fund_fkey FOREIGN KEY (fund) REFERENCES funds (code);
ALTER TABLE pending_payments
    ADD CONSTRAINT pending_payments_office_fkey FOREIGN KEY (office) REFERENCES offices (code),
    ADD CONSTRAINT pending_payments_mop_fkey FOREIGN KEY (mop) REFERENCES mops (code),
    ADD CONSTRAINT pending_payments_api_client_id_fkey FOREIGN KEY (api_client_id) REFERENCES api_clients (id),
    ADD CONSTRAINT pending_payments_provider_account_fkey FOREIGN KEY (provider_account) REFERENCES provider_accounts (name);
