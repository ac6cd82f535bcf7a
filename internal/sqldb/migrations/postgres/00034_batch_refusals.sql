-- +goose Up
-- A ledger batch written as one statement outside a transaction (ADR 37, "a batch in one
-- statement") checks inside that statement what its transaction used to check between its write
-- and its commit — that the chain heads are still where the writer left them, that its receipt
-- numbers were free, that its payments were still unfinished and its staged audit events still
-- staged — and calls this function when one does not hold, so the whole statement, and so the
-- whole batch, is undone. Each refusal has a SQLSTATE of its own, which IMS tells apart.
-- +goose StatementBegin
CREATE FUNCTION ims_refuse_batch(code TEXT, reason TEXT) RETURNS INTEGER LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = code, MESSAGE = reason;
END
$$;
-- +goose StatementEnd

-- +goose Down
DROP FUNCTION ims_refuse_batch(TEXT, TEXT);
