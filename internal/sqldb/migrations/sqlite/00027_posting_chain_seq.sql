-- +goose Up
-- A posting's place in the ledger's hash chain (chain_seq, gapless) is no longer its id (ADR 36):
-- a streamed import posting takes its id when it starts, writes its entries without holding the
-- chain, and takes its place in the chain only when it finishes. Ids come from their own counter
-- (chain_heads 'posting_id'), never reused, no longer gapless; the chain's sequence detects a
-- removed posting. hash_form 2 marks a posting hashed over a digest of its entries (ADR 36).
ALTER TABLE postings ADD COLUMN chain_seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE postings ADD COLUMN hash_form INTEGER NOT NULL DEFAULT 1;
DROP TRIGGER postings_no_update;
UPDATE postings SET chain_seq = id;
-- +goose StatementBegin
CREATE TRIGGER postings_no_update BEFORE UPDATE ON postings
BEGIN
    SELECT RAISE(ABORT, 'postings is append-only: UPDATE refused');
END;
-- +goose StatementEnd
CREATE UNIQUE INDEX postings_chain_seq ON postings (chain_seq);
INSERT INTO chain_heads (name, seq, hash) SELECT 'posting_id', seq, '' FROM chain_heads WHERE name = 'ledger';

-- +goose Down
DELETE FROM chain_heads WHERE name = 'posting_id';
DROP INDEX postings_chain_seq;
ALTER TABLE postings DROP COLUMN hash_form;
ALTER TABLE postings DROP COLUMN chain_seq;
